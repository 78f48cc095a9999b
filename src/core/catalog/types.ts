export const BILLING_MODELS = ['per_call', 'per_second', 'per_hour', 'dedicated'] as const;

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
  estimate: boolean;
}

export interface Model {
  id: string;
  name: string;
  a100_seconds: number;
  weights_gb: number;
  activation_gb_per_image: number;
  estimate: boolean;
  /** Served only through a provider's API: no GPU offer can run it. */
  hosted_only?: boolean;
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
  /** per_call offers priced with one number: the models they serve. */
  models?: string[];
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
  offers: ReadonlyMap<string, Offer>;
  providers: ReadonlyMap<string, ProviderInfo>;
  assumptions: Assumptions;
  referenceGpu: string;
}

export function speedKey(model: string, gpu: string): string {
  return `${model}@${gpu}`;
}
