import {
  array,
  boolean,
  enum as zEnum,
  literal,
  number,
  record,
  strictObject,
  string,
  union,
  type infer as Infer,
} from 'zod';
import { BILLING_MODELS, OPERATING_MODELS, SCALING_MODES, TIERS, TRAFFIC_PATTERNS } from '../catalog/types';
import assumptions from '../catalog/data/assumptions.json';

/**
 * The inference.yaml v1 contract. This file is the single source of truth: validation, the JSON
 * schema in schemas/ (hovers and completion in the YAML extension) and the README table come from it.
 */

export const LIMITS = {
  maxFileBytes: 4 * 1024 * 1024,
  maxVolume: 1e12,
  maxUsdPerMonth: 1e9,
  maxNameLength: 200,
  maxBatchSize: 1024,
  maxTokens: 10_000_000,
  maxSeconds: 86_400,
  maxNesting: 64,
  maxAliasNodes: 100_000,
} as const;

const OFFER_ID = /^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._-]*$/;
const SLUG = /^[a-z0-9][a-z0-9._-]*$/;
/** Model ids also take a provider's spelling (meta-llama/Llama-3.3-70B-Instruct-Turbo), read through the aliases. */
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const RESOLUTION = /^[1-9]\d{1,4}x[1-9]\d{1,4}$/;
/** A size in a per-call price table: WxH, or `any` where the host prices a quality the same at every size. */
const TABLE_SIZE = /^(?:[1-9]\d{1,4}x[1-9]\d{1,4}|any)$/;

export function isRealDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

const positiveUsd = (what: string) => number().positive().max(1e6).describe(what);
const seconds = (what: string) => number().min(0).max(LIMITS.maxSeconds).describe(what);

export const offerIdSchema = string()
  .max(LIMITS.maxNameLength)
  .regex(OFFER_ID, { message: 'expected an offer id of the form <provider>/<sku>, lower case (e.g. runpod/a40)' })
  .describe('An offer id: <provider>/<sku>, e.g. replicate/a40. `inference-cost catalog` lists the built-in ones.');

const slug = (what: string) =>
  string().max(64).regex(SLUG, { message: `expected a lower-case id (letters, digits, . _ -)` }).describe(what);

export const dateSchema = string()
  .refine(isRealDate, { message: 'expected a real date written YYYY-MM-DD' })
  .describe('The date the price was last checked against its source, YYYY-MM-DD.');

/** The team defaults, written once in the catalog's assumptions.json: every text that states one reads it here. */
export const TEAM_DEFAULTS = {
  engineer_monthly_usd: assumptions.team.engineer_monthly_usd,
  ops_share: assumptions.team.ops_share,
  container_share: assumptions.team.container_share,
} as const;

export const teamSchema = strictObject({
  engineer_monthly_usd: number()
    .min(0)
    .max(1e7)
    .optional()
    .describe(`Loaded monthly cost of one engineer, in $/mo (default ${TEAM_DEFAULTS.engineer_monthly_usd}).`),
  ops_share: number()
    .min(0)
    .max(10)
    .optional()
    .describe(
      `Share of one engineer that running a self-managed GPU fleet takes (default ${TEAM_DEFAULTS.ops_share}).`,
    ),
  container_share: number()
    .min(0)
    .max(10)
    .optional()
    .describe(
      `Share of one engineer that packaging a model for a serverless platform takes, per platform (default ${TEAM_DEFAULTS.container_share}, an estimate).`,
    ),
}).describe('The hidden cost of running GPUs yourself: counted once per self-managed provider, shown as its own line.');

export const offerSchema = strictObject({
  id: offerIdSchema,
  billing: zEnum(BILLING_MODELS)
    .optional()
    .describe(
      'per_call (price per image) | per_second (serverless GPU) | per_hour (GPU rental) | dedicated (endpoint billed per hour, running or not) | per_token (language-model API, $ per million tokens). Required for a new offer.',
    ),
  usd_per_image: union([
    positiveUsd('$ per image, every model'),
    record(slug('model id'), positiveUsd('$ per image for this model')),
  ])
    .optional()
    .describe('per_call: $ per image, one number or a map model -> price.'),
  usd_per_second: positiveUsd('per_second: $ per GPU-second.').optional(),
  usd_per_hour: positiveUsd('per_hour and dedicated: $ per GPU-hour.').optional(),
  spot_usd_per_hour: positiveUsd('per_hour: $ per hour for spot (interruptible) capacity.').optional(),
  usd_per_megapixel: union([
    positiveUsd('$ per megapixel of output, every model'),
    record(slug('model id'), positiveUsd('$ per megapixel of output for this model')),
  ])
    .optional()
    .describe(
      "per_call: $ per megapixel of each output image (fal's Flux: a 2048x2048 image is 4.19 MP), one number or a map model -> price.",
    ),
  usd_per_image_by_quality: record(
    slug('model id'),
    record(
      string().max(32).describe('A quality tier: low, medium, high or the provider’s own.'),
      record(
        string().regex(TABLE_SIZE).describe('WxH, or any (every size)'),
        positiveUsd('$ per image at this quality and size'),
      ),
    ),
  )
    .optional()
    .describe(
      'per_call: $ per image by model, quality and size (OpenAI gpt-image-1: high, 1024x1024, $0.167). A quality or size not listed is not served; a workload that names no quality gets medium where listed, else the first quality.',
    ),
  usd_per_step: union([
    positiveUsd('$ per denoising step, every model'),
    record(slug('model id'), positiveUsd('$ per denoising step for this model')),
  ])
    .optional()
    .describe(
      "per_call: $ per denoising step of each image (Fireworks' SDXL: $0.00013 a step), one number or a map model -> price. The workload's steps (default: the model's) count.",
    ),
  megapixel_rule: strictObject({
    pixels: number().int().min(1).max(1e8).describe('Pixels in one billed megapixel (fal: 1048576, i.e. 1024x1024).'),
    round_up: boolean().describe("Each image's megapixels are rounded up to a whole number (fal)."),
    first_megapixel_usd: positiveUsd(
      "$ for each image's first megapixel where it differs from the rest (fal's FLUX.2 [pro]: 0.03).",
    ).optional(),
  })
    .optional()
    .describe(
      'per_call with usd_per_megapixel: how the host counts megapixels (default: 1,000,000 pixels, not rounded).',
    ),
  step_qualities: strictObject({
    up_to_steps: number().int().min(1).max(1000).describe('The most denoising steps the first quality covers.'),
    within: slug('the quality up to that many steps (a key of usd_per_image_by_quality)'),
    above: slug('the quality above it'),
  })
    .optional()
    .describe(
      "per_call with usd_per_image_by_quality: the quality an image's denoising steps bill at (Bedrock's SDXL: up to 50 standard, more premium).",
    ),
  gpus_per_replica: number()
    .int()
    .min(1)
    .max(16)
    .optional()
    .describe(
      'per_hour and dedicated: GPUs in one replica (1, 2, 4 or 8); the price is per replica. A model that does not fit one GPU runs across them (tensor parallel).',
    ),
  gpu: slug('The GPU this offer runs on (for speed and memory), e.g. a100-80gb.').optional(),
  models: array(slug('model id'))
    .max(100)
    .optional()
    .describe('per_call offers with one price, and per_token offers: the models they serve.'),
  usd_per_million_input_tokens: positiveUsd('per_token: $ per million input (prompt) tokens.').optional(),
  usd_per_million_output_tokens: positiveUsd('per_token: $ per million output (generated) tokens.').optional(),
  usd_per_million_cached_input_tokens: positiveUsd(
    "per_token: $ per million input tokens read from the provider's prompt cache (default: the input price).",
  ).optional(),
  batch_discount: number()
    .min(0)
    .max(1)
    .optional()
    .describe('per_token: share taken off batch (asynchronous) requests, applied to traffic: batch (e.g. 0.5).'),
  operating_model: zEnum(OPERATING_MODELS)
    .optional()
    .describe(
      'Who does the engineering: managed (an API: none), container (you package the model for a serverless platform: a share of an engineer), self-managed (you run the fleet). Default from billing.',
    ),
  tier: zEnum(TIERS)
    .optional()
    .describe(
      'Reliability of the capacity: managed (an API), secure (datacenter capacity with an SLA), marketplace (community hosts, variable).',
    ),
  self_managed: boolean()
    .optional()
    .describe('Carries the team overhead (default: true for per_hour, false otherwise).'),
  bills_cold_start: boolean().optional().describe('per_second: whether the model load is billed (default true).'),
  bills_idle: boolean()
    .optional()
    .describe('per_second: whether the idle keep-alive after a request is billed (default false).'),
  cold_start_seconds: seconds('Typical cold start of this offer, in seconds.').optional(),
  idle_timeout_seconds: seconds('per_second: how long a worker stays warm after a request, in seconds.').optional(),
  seconds_per_image: union([
    number().positive().max(LIMITS.maxSeconds),
    record(slug('model id'), number().positive().max(LIMITS.maxSeconds)),
  ])
    .optional()
    .describe(
      "per_call: warm time of one call in seconds at the model's reference settings (latency checks): one figure for an offer of one model, or by model id.",
    ),
  private_deployment: boolean()
    .optional()
    .describe(
      "per_call: a deployment of your own, whose cold starts follow your traffic (default false: the provider's shared public pool is kept warm by everyone's calls).",
    ),
  warm_usd_per_second: positiveUsd(
    'per_second: $ per second of a worker kept warm on purpose (active worker), where it differs.',
  ).optional(),
  startup_seconds: seconds(
    'per_hour and dedicated: billed start-up (boot, image pull, model load) of a GPU or replica added as the load rises, in seconds (default: 300 for per_hour, cold_start_seconds for dedicated).',
  ).optional(),
  fixed_units: boolean()
    .optional()
    .describe(
      "dedicated: a worker count set by hand, not by the load (active workers): the busiest hour's need is billed all month.",
    ),
  scale_to_zero_after_seconds: seconds(
    'dedicated: the endpoint may scale to zero after this much idle time (absent: it cannot).',
  ).optional(),
  verified: dateSchema.nullable().optional(),
  source: string().max(500).optional().describe('Where the price was seen (a URL or a document).'),
  note: string().max(2000).optional().describe('Why this figure was chosen.'),
  estimate: boolean().optional().describe('True when a figure is an estimate rather than a quoted price.'),
  quote_required: boolean()
    .optional()
    .describe('The offer has no public price: priced only once a quote is given under offers:.'),
  retired: strictObject({ date: dateSchema, replacement: string().max(200) })
    .optional()
    .describe('The provider withdrew this offer on `date`; `replacement` says what to use instead.'),
  unlisted: string()
    .max(300)
    .optional()
    .describe(
      "The provider's current price list does not have this offer (say what it lists): priced when a workload names it, never advised.",
    ),
}).describe('An extra offer, or an override of a built-in offer with the same id (only the fields given change).');

const positive = (max: number, what: string) => number().positive().max(max).describe(what);
const count = (max: number, what: string) => number().int().min(1).max(max).describe(what);

export const modelSchema = strictObject({
  id: slug('The id workloads put under model:, e.g. our-sdxl-lora.'),
  like: slug(
    'A built-in model to start from (e.g. sdxl): every field not given here is its; a built-in id itself may only be redeclared with like.',
  ).optional(),
  kind: zEnum(['image', 'text']).optional().describe('image | text. Required without like.'),
  name: string().max(200).optional().describe('A readable name.'),
  parameters_billion: positive(100_000, 'Parameters, in billions (all of them: they take memory).').optional(),
  active_parameters_billion: positive(
    100_000,
    'Text, a mixture of experts: the parameters one token runs through, in billions (compute).',
  ).optional(),
  bytes_per_parameter: positive(
    8,
    'Bytes a parameter takes in memory: 2 for BF16, 1 for FP8, 0.5 for 4-bit.',
  ).optional(),
  layers: count(10_000, 'Text: transformer layers (for the KV cache).').optional(),
  kv_heads: count(10_000, 'Text: key-value heads a layer (for the KV cache).').optional(),
  head_dim: count(100_000, 'Text: the size of one attention head (for the KV cache).').optional(),
  kv_bytes_per_value: positive(8, 'Text: bytes a KV-cache value takes (default 2, BF16).').optional(),
  context_tokens: count(LIMITS.maxTokens, 'Text: the longest request, tokens in and out (default 32768).').optional(),
  seconds_per_image: union([
    number().positive().max(LIMITS.maxSeconds).describe('Seconds per image on an A100 80GB, at the settings below.'),
    record(slug('gpu id'), number().positive().max(LIMITS.maxSeconds)).describe(
      'Seconds per image by GPU id, at the settings below.',
    ),
  ])
    .optional()
    .describe('Image: measured seconds per image at batch size 1, at this model’s steps and resolution.'),
  steps: count(1000, 'Image: the steps the speed figures are measured at (default: like’s, else 30).').optional(),
  resolution: string()
    .regex(RESOLUTION, { message: 'expected a size written WxH, e.g. 1024x1024' })
    .optional()
    .describe('Image: the size the speed figures are measured at, WxH (default: like’s, else 1024x1024).'),
  weights_gb: positive(100_000, 'Image: GB the weights take (default: parameters × bytes per parameter).').optional(),
  activation_gb_per_image: positive(
    10_000,
    'Image: GB one image in a batch adds (default: like’s, else 3 GB a megapixel, an estimate).',
  ).optional(),
}).describe('A model of your own: like a built-in one with some fields changed, or from its architecture.');

export const workloadSchema = strictObject({
  name: string()
    .min(1)
    .max(LIMITS.maxNameLength)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), {
      message: 'names may not contain control characters or line breaks',
    })
    .describe('A unique name for this workload.'),
  model: string()
    .max(200)
    .regex(MODEL_ID, { message: 'expected a model id (letters, digits, . _ : / -), e.g. flux-dev or llama-3.3-70b' })
    .describe(
      "A model id: built-in (flux-dev, sdxl, llama-3.3-70b, gpt-4.1-mini, claude-sonnet-4.5, ...), one declared under `models:`, or a provider's own spelling of one (claude-sonnet-4-5).",
    ),
  volume: number()
    .min(0)
    .max(LIMITS.maxVolume)
    .optional()
    .describe('Image models: images per month (required for them).'),
  requests: number()
    .min(0)
    .max(LIMITS.maxVolume)
    .optional()
    .describe('Text models: requests per month (required for them).'),
  input_tokens: number()
    .min(0)
    .max(LIMITS.maxTokens)
    .optional()
    .describe('Text models: average input (prompt) tokens per request (required for them).'),
  output_tokens: number()
    .min(0)
    .max(LIMITS.maxTokens)
    .optional()
    .describe('Text models: average output (generated) tokens per request (required for them).'),
  cached_input_share: number()
    .min(0)
    .max(1)
    .optional()
    .describe(
      "Text models: share of input tokens served from a prompt cache (the provider's or your server's), default 0.",
    ),
  ttft_seconds: number()
    .positive()
    .max(LIMITS.maxSeconds)
    .optional()
    .describe(
      'Text models: time-to-first-token target in seconds (read as a p99; cold starts count once over 1 % of requests).',
    ),
  output_tokens_per_second: number()
    .positive()
    .max(1e5)
    .optional()
    .describe('Text models: the output speed each request must see, tokens/s; it caps how many requests share a GPU.'),
  tokens_per_second: union([
    number().positive().max(1e7).describe('Measured output tokens/s of one GPU of the chosen offer, batched.'),
    record(slug('gpu id'), number().positive().max(1e7)).describe('Measured batched output tokens/s by GPU id.'),
  ])
    .optional()
    .describe(
      'Text models: measured batched output throughput of one GPU (a number for the chosen GPU, or a map gpu -> tokens/s). Beats the built-in table.',
    ),
  provider: offerIdSchema
    .optional()
    .describe(
      'The chosen offer id: <provider>/<sku>, e.g. replicate/a40. Without it the workload is a planning question: priced over every offer that can serve it, on the cheapest eligible one.',
    ),
  traffic: union([
    zEnum([...TRAFFIC_PATTERNS, 'batch']).describe('steady | business-hours | bursty | batch'),
    strictObject({
      hours: array(number().min(0).max(1e6))
        .length(24)
        .optional()
        .describe('24 relative weights, 00:00 first (default all 1).'),
      weekdays: array(number().min(0).max(1e6))
        .length(7)
        .optional()
        .describe('7 relative weights, Monday first (default all 1).'),
    }).describe('Your own weekly shape: weight(day, hour) = weekdays[day] × hours[hour].'),
  ])
    .optional()
    .describe(
      'How requests spread over the week (default steady): steady, business-hours (weekdays 08-18), bursty (bursts at 5x the mean), batch (may wait max_wait_hours), or {hours: [24], weekdays: [7]}. Sets the busiest hour, idle time and cold starts.',
    ),
  max_wait_hours: number()
    .min(1)
    .max(168)
    .optional()
    .describe(
      'traffic: batch: hours work may wait before it runs (default 24); it is packed into whole GPU-hours per window.',
    ),
  serving: zEnum(['interactive', 'batch'])
    .optional()
    .describe(
      'What the workload serves: interactive (a person waits for it) or batch (work that may wait). Default: batch for traffic: batch, else interactive.',
    ),
  allow_marketplace: boolean()
    .optional()
    .describe(
      'Let an interactive workload run on marketplace capacity (community hosts of varying reliability; default false).',
    ),
  min_workers: number()
    .int()
    .min(0)
    .max(1000)
    .optional()
    .describe(
      'per_second offers: workers kept warm around the clock (RunPod active workers, fal min concurrency, Replicate min instances), default 0.',
    ),
  min_replicas: number()
    .int()
    .min(0)
    .max(1000)
    .optional()
    .describe(
      'dedicated offers: replicas always running (default 1); 0 lets an endpoint that supports it scale to zero.',
    ),
  seconds_per_image: union([
    number()
      .positive()
      .max(LIMITS.maxSeconds)
      .describe("Measured seconds per image on the chosen offer's GPU, batch size 1."),
    record(slug('gpu id'), number().positive().max(LIMITS.maxSeconds)).describe(
      'Measured seconds per image by GPU id.',
    ),
  ])
    .optional()
    .describe(
      'Measured generation time (batch size 1): a number for the chosen GPU, or a map gpu -> seconds. A measured number beats the built-in table.',
    ),
  steps: number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe(
      "Image models: denoising steps (default: the model's reference, e.g. 30 for sdxl). GPU time scales with them.",
    ),
  resolution: string()
    .regex(RESOLUTION, { message: 'expected a size written WxH, e.g. 1024x1024' })
    .optional()
    .describe(
      "Image models: output size, WxH (default: the model's reference, e.g. 1024x1024). GPU time and memory grow with the pixels; per-megapixel offers price by them.",
    ),
  quality: string()
    .min(1)
    .max(32)
    .regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'expected a quality tier: low, medium, high or the provider’s own' })
    .optional()
    .describe('Image models on APIs that price by quality (gpt-image-1: low | medium | high; default medium).'),
  batch_size: number()
    .int()
    .min(1)
    .max(LIMITS.maxBatchSize)
    .optional()
    .describe('Images per call (default 1). Must fit in GPU memory.'),
  seconds_per_batch: number()
    .positive()
    .max(LIMITS.maxSeconds)
    .optional()
    .describe(
      "Measured seconds of one call of `batch_size` images on the chosen offer's GPU. Beats the batching curve there; other GPUs without a speed of their own scale it by relative speed.",
    ),
  batch_time_factor: number()
    .min(1)
    .max(LIMITS.maxBatchSize)
    .optional()
    .describe(
      'Time of one call relative to one image (default from the batching curve, by model, size, steps and GPU: SDXL at 1024x1024 takes about 7x one image for 8 on an H100). Prefer a measured `seconds_per_batch`.',
    ),
  utilization: number()
    .min(0.01)
    .max(1)
    .optional()
    .describe('Target utilization of rented GPUs and dedicated replicas, 0-1 (default 0.7).'),
  scaling: zEnum(SCALING_MODES)
    .optional()
    .describe(
      'per_hour offers: always_on (whole GPUs all month) | autoscale (GPU-hours follow the load). Default: always_on, but batch traffic is packed into the hours it needs unless this says always_on.',
    ),
  spot: boolean()
    .optional()
    .describe('Use spot (interruptible) capacity where the offer has a spot price (default false).'),
  cold_starts_per_month: number()
    .min(0)
    .max(1e9)
    .optional()
    .describe('Cold starts per month; otherwise derived from traffic.'),
  cold_start_seconds: seconds("Cold start in seconds; otherwise the offer's typical figure.").optional(),
  latency_slo_seconds: number()
    .positive()
    .max(LIMITS.maxSeconds)
    .optional()
    .describe('Latency target of one request, in seconds (read as a p99).'),
  budget_usd_per_month: number()
    .min(0)
    .max(LIMITS.maxUsdPerMonth)
    .optional()
    .describe('Monthly budget for this workload, in $/mo.'),
}).describe('One inference workload: what runs, how much, and on which offer.');

/** Drift (issue 33): `check` and `diff` on a folder scan its code for model uses the file does not declare. */
export const scanSchema = strictObject({
  enabled: boolean()
    .optional()
    .describe(
      'Scan the code under this file’s folder for model calls and GPU deployments no workload declares (default true; `--no-scan` turns it off for a run).',
    ),
  exclude: array(string().min(1).max(500))
    .max(1000)
    .optional()
    .describe(
      'Paths whose model uses are not checked, as .gitignore patterns relative to this file’s folder (vendor/, **/experiments/, scripts/*.py).',
    ),
}).describe(
  'Drift: `check` and `diff` on a folder warn at each model call or deployment in the code that no workload declares.',
);

export const fileSchema = strictObject({
  version: literal(1).describe('Format version: 1.'),
  team: teamSchema.optional(),
  models: array(modelSchema).max(1000).optional().describe('Models of your own, for workloads to name under model:.'),
  offers: array(offerSchema).max(10_000).optional().describe('Extra offers, or overrides of built-in offers by id.'),
  workloads: array(workloadSchema).max(100_000).describe('The workloads to price.'),
  scan: scanSchema.optional(),
  budget_usd_per_month: number()
    .min(0)
    .max(LIMITS.maxUsdPerMonth)
    .optional()
    .describe('Monthly budget for the whole file, in $/mo.'),
}).describe('inference.yaml: AI inference workloads and the offers they run on (Inference Cost Review).');

export type TeamInput = Infer<typeof teamSchema>;
export type OfferInput = Infer<typeof offerSchema>;
export type ModelInput = Infer<typeof modelSchema>;
export type WorkloadInput = Infer<typeof workloadSchema>;

/** One example value for every field, shown by YAML tooling next to the field's description. */
export const FIELD_EXAMPLES = {
  file: {
    version: 1,
    team: { engineer_monthly_usd: TEAM_DEFAULTS.engineer_monthly_usd, ops_share: TEAM_DEFAULTS.ops_share },
    offers: [],
    workloads: [],
    budget_usd_per_month: 5000,
    scan: { enabled: true, exclude: ['vendor/', '**/experiments/'] },
  },
  team: TEAM_DEFAULTS,
  model: {
    id: 'our-sdxl-lora',
    like: 'sdxl',
    kind: 'image',
    name: 'Our SDXL LoRA',
    parameters_billion: 24,
    active_parameters_billion: 3.3,
    bytes_per_parameter: 2,
    layers: 40,
    kv_heads: 8,
    head_dim: 128,
    kv_bytes_per_value: 2,
    context_tokens: 131072,
    seconds_per_image: { l40s: 2.9 },
    steps: 30,
    resolution: '1024x1024',
    weights_gb: 7,
    activation_gb_per_image: 2.8,
  },
  offer: {
    id: 'acme/a100',
    billing: 'per_hour',
    usd_per_image: 0.008,
    usd_per_second: 0.00115,
    usd_per_hour: 1.1,
    spot_usd_per_hour: 0.6,
    usd_per_megapixel: 0.025,
    usd_per_image_by_quality: { 'gpt-image-1': { high: { '1024x1024': 0.167 } } },
    usd_per_step: 0.00013,
    megapixel_rule: { pixels: 1048576, round_up: true },
    gpus_per_replica: 2,
    gpu: 'a100-80gb',
    models: ['sdxl', 'flux-dev'],
    operating_model: 'self-managed',
    tier: 'secure',
    self_managed: true,
    bills_cold_start: true,
    bills_idle: true,
    cold_start_seconds: 30,
    idle_timeout_seconds: 60,
    seconds_per_image: 5,
    usd_per_million_input_tokens: 0.18,
    usd_per_million_output_tokens: 0.18,
    usd_per_million_cached_input_tokens: 0.09,
    batch_discount: 0.5,
    warm_usd_per_second: 0.0006,
    startup_seconds: 300,
    scale_to_zero_after_seconds: 3600,
    verified: '2026-11-01',
    source: 'https://example.com/pricing',
    note: 'Negotiated price, quote of 2026-11-01.',
    estimate: false,
    quote_required: false,
    retired: { date: '2026-03-31', replacement: 'acme/a100-v2' },
    unlisted: "not on Acme's price list of 2026-11-01 (it lists A100 and H100)",
  },
  workload: {
    name: 'product-shots',
    model: 'flux-dev',
    volume: 100000,
    requests: 2000000,
    input_tokens: 800,
    output_tokens: 200,
    cached_input_share: 0.3,
    ttft_seconds: 1,
    output_tokens_per_second: 20,
    tokens_per_second: 495,
    provider: 'replicate/a40',
    traffic: 'business-hours',
    max_wait_hours: 24,
    serving: 'interactive',
    allow_marketplace: false,
    min_workers: 1,
    min_replicas: 1,
    seconds_per_image: 12,
    seconds_per_batch: 44,
    steps: 30,
    resolution: '1024x1024',
    quality: 'high',
    batch_size: 4,
    batch_time_factor: 1.5,
    utilization: 0.7,
    scaling: 'autoscale',
    spot: false,
    cold_starts_per_month: 100,
    cold_start_seconds: 30,
    latency_slo_seconds: 20,
    budget_usd_per_month: 1500,
  },
} as const;
