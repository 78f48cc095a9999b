export const BILLING_MODELS = ['per_call', 'per_second', 'per_hour', 'dedicated', 'per_token'] as const;

/** How reliable the capacity behind an offer is. */
export const TIERS = ['managed', 'secure', 'marketplace'] as const;
export type Tier = (typeof TIERS)[number];

/** Who does the engineering: nobody (an API), you package a container, or you run the fleet. */
export const OPERATING_MODELS = ['managed', 'container', 'self-managed'] as const;
export type OperatingModel = (typeof OPERATING_MODELS)[number];
export type Billing = (typeof BILLING_MODELS)[number];

export const TRAFFIC_PATTERNS = ['steady', 'business-hours', 'bursty'] as const;
export type Traffic = (typeof TRAFFIC_PATTERNS)[number];

export const SCALING_MODES = ['always_on', 'autoscale'] as const;
export type Scaling = (typeof SCALING_MODES)[number];

/** Where an offer came from: the built-in catalog, the workload file, or the user's extra pricing file. */
export type OfferOrigin = 'catalog' | 'file' | 'settings';

/** The maintained price sources the catalog reads, beside the hand-kept offers. */
export const PRICE_SOURCES = ['genai-prices', 'skypilot', 'litellm'] as const;
export type PriceSourceId = (typeof PRICE_SOURCES)[number];

/** Where a source's data came from this run: shipped in the package, or the user's cache (an update, from the sources or a mirror). */
export type SourceOrigin = 'package' | 'cache';

/** What one source added to the catalog: for `catalog`, the JSON's `catalog` object and the hover. */
export interface SourceSummary {
  id: PriceSourceId | 'hand-kept';
  name: string;
  /** The part of a source this is: SkyPilot's catalog is read cloud by cloud. */
  part?: string;
  origin: SourceOrigin;
  /** YYYY-MM-DD: when the data was published (package) or fetched (cache, override); hand-kept: the oldest. */
  date: string | null;
  from: string;
  offers: number;
  /** Rows or models that did not become offers, by reason (an unknown GPU, a price missing). */
  skipped: Record<string, number>;
  /** Offers whose stale source price a dated correction replaced (priceCorrections.json). */
  corrected?: string[];
  /** Set where this source's update failed and older data is in use: why, in one line. */
  problem?: string;
}

/** A per-token price that holds for requests with more input tokens than `above_input_tokens` ($ per million). */
export interface TokenTier {
  above_input_tokens: number;
  input: number;
  output: number;
  cached_input?: number;
  cache_write?: number;
}

/** What a correction replaced, and on whose word: the offer's `source` says it in a line, this says it as data. */
export interface PriceCorrectionNote {
  /** YYYY-MM-DD: the day the correction was checked; a source's data dated after it brings the source's own price. */
  verified: string;
  /** YYYY-MM-DD: the day the corrected price took effect at the provider. */
  effective: string;
  /** The stale price the source still showed, in words. */
  replaced: string;
  source: string;
}

export interface Gpu {
  id: string;
  name: string;
  vram_gb: number;
  relative_speed: number;
  /** GB/s: scales text-model decode speeds to GPUs with no measurement. */
  memory_bandwidth_gbps: number;
  estimate: boolean;
  /** Dense FP16/BF16 tensor TFLOPS with FP32 accumulation (datasheet): with the bandwidth, the basis of relative_speed. */
  tensor_tflops?: number;
  /** How relative_speed is had: a measured ratio to another GPU, or the basis scaled from it (gpus.json method). */
  speed_from?: { gpu: string; ratio?: number; basis?: boolean; derate?: number };
  speed_source?: string;
  spec_source?: string;
}

interface ModelBase {
  id: string;
  name: string;
  estimate: boolean;
  /** Served only through a provider's API: no GPU offer can run it. */
  hosted_only?: boolean;
  source: string;
}

export interface ImageModel extends ModelBase {
  kind?: 'image';
  /** The settings a100_seconds and the speed table are measured at: steps, and the output size WxH. */
  steps?: number;
  resolution?: string;
  a100_seconds: number;
  weights_gb: number;
  activation_gb_per_image: number;
}

/** What a language model's memory needs follow from (absent for models served only through an API). */
export interface TextModelFacts {
  parameters_billion: number;
  /** A mixture of experts: the parameters one token runs through (compute); all of them take memory. */
  active_parameters_billion?: number;
  bytes_per_parameter: number;
  layers: number;
  kv_heads: number;
  head_dim: number;
  kv_bytes_per_value: number;
  context_tokens: number;
}

export interface TextModel extends ModelBase {
  kind: 'text';
  text?: TextModelFacts;
}

export type Model = ImageModel | TextModel;

/** A measured self-hosted text speed the serving rule is checked against (textSpeeds.json). */
export interface TextSpeedEntry {
  model: string;
  gpu: string;
  gpus: number;
  concurrency: number;
  input_tokens: number;
  output_tokens: number;
  output_tokens_per_second: number;
  source: string;
}

export interface SpeedEntry {
  model: string;
  gpu: string;
  seconds: number;
  source: string;
  verified: string | null;
}

export interface Offer {
  id: string;
  provider: string;
  billing: Billing;
  gpu?: string;
  /** per_call: one price for every model it serves, or a price per model id. */
  usd_per_image?: number | Record<string, number>;
  /** per_call: a price per megapixel of output, one for every model or by model id. */
  usd_per_megapixel?: number | Record<string, number>;
  /** per_call: a price per image by model, quality and size (WxH, or `any` for every size). */
  usd_per_image_by_quality?: Record<string, Record<string, Record<string, number>>>;
  /** per_call: a price per denoising step (Fireworks bills image models by the step), one or by model id. */
  usd_per_step?: number | Record<string, number>;
  /** per_call with usd_per_megapixel: how the host counts an image's megapixels (default 1,000,000 pixels, exact). */
  megapixel_rule?: MegapixelRule;
  /** per_call with a quality table: the quality the workload's denoising steps bill at (Bedrock's SDXL). */
  step_qualities?: StepQualities;
  usd_per_second?: number;
  usd_per_hour?: number;
  spot_usd_per_hour?: number;
  self_managed: boolean;
  /** Who does the engineering (self_managed: true is 'self-managed'). */
  operating: OperatingModel;
  tier: Tier;
  bills_cold_start: boolean;
  bills_idle: boolean;
  cold_start_seconds: number;
  idle_timeout_seconds: number;
  /** per_second: the rate of a worker kept warm on purpose (active workers), where it differs. */
  warm_usd_per_second?: number;
  /** per_hour and dedicated: billed start-up (boot, image pull, model load) of a GPU or replica when it is added. */
  startup_seconds?: number;
  /** dedicated: a worker count set by hand (RunPod active workers): the busiest hour's need is held all month. */
  fixed_units?: boolean;
  /** dedicated: an endpoint that may scale to zero stops after this much idle time. */
  scale_to_zero_after_seconds?: number;
  /** per_call offers: warm time of one call at the model's reference settings, one figure or by model id. */
  seconds_per_image?: number | Record<string, number>;
  /** per_call: a deployment of your own (its cold starts follow your traffic), not the provider's shared public pool. */
  private_deployment?: boolean;
  /** per_call offers priced with one number, and per_token offers: the models they serve. */
  models?: string[];
  /** per_token: $ per million tokens. */
  usd_per_million_input_tokens?: number;
  usd_per_million_output_tokens?: number;
  /** per_token: input tokens read from the provider's prompt cache (default: the input price). */
  usd_per_million_cached_input_tokens?: number;
  /** per_token: input tokens written to the provider's prompt cache (Anthropic: 1.25x input); absent: writes are free. */
  usd_per_million_cache_write_tokens?: number;
  /** per_token: share taken off batch (asynchronous) requests, for traffic: batch. */
  batch_discount?: number;
  /** per_token: the provider caches only prompts of at least this many tokens (OpenAI: 1,024); shorter ones pay input. */
  min_cached_prompt_tokens?: number;
  /** per_token: where the batch discount and the caching minimum come from (the provider's documentation). */
  terms_source?: string;
  /** A dated correction laid over the maintained source's stale price (priceCorrections.json): shown, never silent. */
  correction?: PriceCorrectionNote;
  /** per_token: prices for longer prompts (a request's input tokens pick its tier, whole). */
  token_tiers?: TokenTier[];
  /** per_token: the model id as the provider's API spells it. */
  api_model_id?: string;
  /** per_hour and dedicated: GPUs in one replica (a rental type of 1, 2, 4 or 8 GPUs): the price is per replica. */
  gpus_per_replica?: number;
  /** The maintained source the price came from; absent for hand-kept and user offers. */
  feed?: PriceSourceId;
  source: string;
  verified: string | null;
  note?: string;
  estimate: boolean;
  /** No public price: the user adds a quote under offers:. */
  quote_required?: boolean;
  /** An offer the provider has withdrawn: a workload that names it is told when, and what replaced it. */
  retired?: { date: string; replacement: string };
  /** Not on the provider's current price list (why, in a clause): priced when a file names it, never advised. */
  unlisted?: string;
  origin: OfferOrigin;
}

/**
 * How a host counts the megapixels it bills: a megapixel of `pixels` (fal: 1024x1024 = 1,048,576), rounded up per
 * image where it says so, and a first megapixel at its own price where it has one (fal's FLUX.2 [pro]).
 */
export interface MegapixelRule {
  pixels: number;
  round_up: boolean;
  first_megapixel_usd?: number;
}

/** Up to `up_to_steps` steps an image bills at quality `within`, more at `above` (Bedrock: 50, standard, premium). */
export interface StepQualities {
  up_to_steps: number;
  within: string;
  above: string;
}

/** A built-in traffic shape: weight(day, hour) = weekdays[day] × hours[hour], scaled to a mean of 1. */
export interface TrafficShape {
  hours: number[];
  weekdays: number[];
  note: string;
}

/** The time of a batch of images: fixed work a call and a step, the rest per image (assumptions.json batching). */
export interface BatchingCurve {
  /** Seconds a denoising step takes whatever the batch (launches, weight reads, a GPU not yet filled). */
  step_seconds: number;
  /** Seconds a call takes whatever the batch (host work: prompts, scheduler, copies). */
  call_seconds: number;
  /** The most of one image's time that can be fixed: caps the gain where one image's settings are tiny. */
  max_fixed_share: number;
  method: string;
  source: string;
  /** The measured batch times the curve is checked against (test/unit/batching.test.ts). */
  measurements: BatchMeasurement[];
}

export interface BatchMeasurement {
  gpu: string;
  model: string;
  size: string;
  steps: number;
  /** Seconds of one call by batch size, as measured. */
  seconds: Record<string, number>;
  source: string;
}

export interface Assumptions {
  hours_per_month: number;
  team: {
    engineer_monthly_usd: number;
    ops_share: number;
    container_share: number;
    source: string;
    container_share_source: string;
  };
  tiers: Record<Tier, string> & { source: string };
  thresholds: {
    break_even_percent: number;
    break_even_usd: number;
    stale_days: number;
    low_utilization: number;
    cold_start_share_for_latency: number;
  };
  batching: BatchingCurve;
  traffic: Record<Traffic, TrafficShape>;
  serverless: { managed_keep_warm_seconds: number; source: string };
  rental: { startup_seconds: number; source: string };
  spot: { rework_share: number; source: string };
  image_settings: {
    pixel_time_exponent: number;
    default_resolution: string;
    default_quality: string;
    source: string;
  };
  text_serving: {
    bandwidth_efficiency: number;
    compute_efficiency: number;
    tp_efficiency_per_doubling: number;
    max_concurrent_requests: number;
    source: string;
  };
  /** The speed a hosted per-token API is taken to serve where the catalog has none: an estimate. */
  hosted_text_api: {
    output_tokens_per_second: number;
    ttft_seconds: number;
    source: string;
  };
}

export interface ProviderInfo {
  provider: string;
  name: string;
  url: string;
}

export interface Catalog {
  gpus: ReadonlyMap<string, Gpu>;
  models: ReadonlyMap<string, Model>;
  speeds: ReadonlyMap<string, SpeedEntry>;
  /** Measured text speeds the serving rule is held to. */
  textSpeeds: readonly TextSpeedEntry[];
  offers: ReadonlyMap<string, Offer>;
  providers: ReadonlyMap<string, ProviderInfo>;
  assumptions: Assumptions;
  referenceGpu: string;
  /** The price sources behind the offers, with their dates. */
  sources: readonly SourceSummary[];
  /** A model id as a provider's API spells it (lower case) -> our id. */
  modelAliases: ReadonlyMap<string, string>;
  /** An offer id that was renamed -> its id now. */
  offerAliases: ReadonlyMap<string, string>;
}

export function speedKey(model: string, gpu: string): string {
  return `${model}@${gpu}`;
}
