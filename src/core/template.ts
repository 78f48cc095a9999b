import { TEAM_DEFAULTS } from './format/schema';

/** A value and its comment, the comment lined up at column 32 as the template's others are. */
const commented = (field: string, value: number, comment: string) => `  ${field}: ${value}`.padEnd(32) + `# ${comment}`;

/**
 * The starter inference.yaml: one workload per kind (a per-call image API, a serverless GPU, a text model), every
 * field with its default, commented. Written by `inference-cost init` and "Create inference.yaml from a template".
 */
export const TEMPLATE = `# Inference Cost Review: your inference workloads and the offers they run on.
# Hover a provider for its cost; run "Inference Cost: Compare providers" for every option side by side.
# Every field: docs/format.md. Every offer: \`inference-cost catalog\`.
version: 1

team:
${commented('engineer_monthly_usd', TEAM_DEFAULTS.engineer_monthly_usd, 'loaded cost of one engineer ($/mo)')}
${commented('ops_share', TEAM_DEFAULTS.ops_share, 'share of one engineer a self-managed GPU fleet takes')}
${commented('container_share', TEAM_DEFAULTS.container_share, 'share of one engineer to package a model for a serverless platform (this share is an estimate)')}

workloads:
  - name: thumbnails
    model: flux-schnell         # sd15 | sdxl | flux-schnell | flux-dev | sd3.5-large | qwen-image | gpt-image-1 | ...
    volume: 200000              # images per month
    provider: segmind/api       # a per-call API: a price per image, nothing for idle time
    traffic: business-hours     # steady | business-hours | bursty | batch | {hours: [24 weights], weekdays: [7 weights]}

  - name: product-shots
    model: sdxl
    volume: 50000
    provider: replicate/a40     # a serverless GPU, billed per second: idle keep-alive and cold starts count
    traffic: steady
    batch_size: 1
    # steps: 30                 # denoising steps (default: the model's); GPU time scales with them
    # resolution: 1024x1024     # WxH (default: the model's); GPU time and memory grow with the pixels
    # min_workers: 0            # per-second offers: workers kept warm around the clock
    # serving: interactive      # interactive | batch: marketplace GPUs are offered to batch work only
    # allow_marketplace: false  # let interactive traffic use marketplace (community) GPUs
    # seconds_per_image: 4      # your measured time on the chosen GPU beats the built-in table
    # latency_slo_seconds: 20   # a p99 target; offers that cannot meet it are not suggested

  - name: support-chat
    model: llama-3.3-70b        # text: llama-3.3-70b | qwen3-32b | gpt-oss-120b | gpt-4.1-mini | claude-sonnet-4.5 | ...
    requests: 1000000           # requests per month
    input_tokens: 800           # average prompt tokens per request
    output_tokens: 200          # average generated tokens per request
    provider: together/llama-3.3-70b   # per-token API; GPU offers run it too (memory and speed permitting)
    traffic: steady
    # cached_input_share: 0.3   # share of input tokens read from a prompt cache
    # ttft_seconds: 2           # time to first token, p99
    # output_tokens_per_second: 20   # the output speed each request must see
    # tokens_per_second: 900    # your measured batched output tokens/s of one GPU of the chosen offer
`;
