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

export interface Gpu {
  id: string;
  name: string;
  vram_gb: number;
  relative_speed: number;
  /** GB/s: scales text-model decode speeds to GPUs with no measurement. */
  memory_bandwidth_gbps: number;
  estimate: boolean;
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
  a100_seconds: number;
  weights_gb: number;
  activation_gb_per_image: number;
}

/** What a language model's memory needs follow from (absent for models served only through an API). */
export interface TextModelFacts {
  parameters_billion: number;
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

/** Self-hosted decode and prefill speeds of a text model on a GPU (README, "Text models"). */
export interface TextSpeedEntry {
  model: string;
  gpu: string;
  single_stream_tokens_per_second: number;
  batched_tokens_per_second: number;
  batched_concurrency: number;
  prefill_tokens_per_second: number;
  source: string;
  estimate: boolean;
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
  /** per_hour: billed start-up (model load) of a rented GPU when it is added. */
  startup_seconds?: number;
  /** dedicated: an endpoint that may scale to zero stops after this much idle time. */
  scale_to_zero_after_seconds?: number;
  /** per_call offers: warm time of one call, for latency checks. */
  seconds_per_image?: number;
  /** per_call offers priced with one number, and per_token offers: the models they serve. */
  models?: string[];
  /** per_token: $ per million tokens. */
  usd_per_million_input_tokens?: number;
  usd_per_million_output_tokens?: number;
  /** per_token: input tokens read from the provider's prompt cache (default: the input price). */
  usd_per_million_cached_input_tokens?: number;
  /** per_token: share taken off batch (asynchronous) requests, for traffic: batch. */
  batch_discount?: number;
  source: string;
  verified: string | null;
  note?: string;
  estimate: boolean;
  /** No public price: the user adds a quote under offers:. */
  quote_required?: boolean;
  /** An offer the provider has withdrawn: a workload that names it is told when, and what replaced it. */
  retired?: { date: string; replacement: string };
  origin: OfferOrigin;
}

/** A built-in traffic shape: weight(day, hour) = weekdays[day] × hours[hour], scaled to a mean of 1. */
export interface TrafficShape {
  hours: number[];
  weekdays: number[];
  note: string;
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
  batching: { points: [number, number][]; method: string; source: string };
  traffic: Record<Traffic, TrafficShape>;
  serverless: { managed_keep_warm_seconds: number; source: string };
  rental: { startup_seconds: number; source: string };
  spot: { rework_share: number; source: string };
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
  textSpeeds: ReadonlyMap<string, TextSpeedEntry>;
  offers: ReadonlyMap<string, Offer>;
  providers: ReadonlyMap<string, ProviderInfo>;
  assumptions: Assumptions;
  referenceGpu: string;
}

export function speedKey(model: string, gpu: string): string {
  return `${model}@${gpu}`;
}
