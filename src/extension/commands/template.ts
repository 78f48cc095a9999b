/** What "Create inference.yaml from a template" writes: every field with its default, commented. */
export const TEMPLATE = `# Inference Cost Review: your inference workloads and the offers they run on.
# Hover a provider for its cost; run "Inference Cost: Compare providers" for every option side by side.
version: 1

team:
  engineer_monthly_usd: 10000   # loaded cost of one engineer ($/mo)
  ops_share: 0.2                # share of one engineer a self-managed GPU fleet takes
  container_share: 0.05         # share of one engineer to package a model for a serverless platform (estimate)

workloads:
  - name: my-images
    model: sdxl                 # sd15 | sdxl | flux-schnell | flux-dev
    volume: 50000               # images per month
    provider: replicate/a40     # the chosen offer: "Inference Cost: Show pricing catalog" lists them
    traffic: steady             # steady | business-hours | bursty | batch | {hours: [24 weights], weekdays: [7 weights]}
    batch_size: 1
    # min_workers: 0            # per-second offers: workers kept warm around the clock
    # serving: interactive      # interactive | batch: marketplace GPUs are offered to batch work only
    # allow_marketplace: false  # let interactive traffic use marketplace (community) GPUs
    # seconds_per_image: 4      # your measured time on the chosen GPU beats the built-in table
    # latency_slo_seconds: 20   # a p99 target; offers that cannot meet it are not suggested

  - name: my-chat
    model: llama-3.1-8b         # text: llama-3.1-8b | llama-3.1-70b | gpt-4o-mini | gpt-4o | claude-3-haiku | claude-3.5-sonnet
    requests: 1000000           # requests per month
    input_tokens: 800           # average prompt tokens per request
    output_tokens: 200          # average generated tokens per request
    provider: together/llama-3.1-8b   # per-token API; GPU offers run it too (memory and speed permitting)
    traffic: steady
    # cached_input_share: 0.3   # share of input tokens read from a prompt cache
    # ttft_seconds: 2           # time to first token, p99
    # output_tokens_per_second: 20   # the output speed each request must see
    # tokens_per_second: 900    # your measured batched output tokens/s of one GPU of the chosen offer
`;
