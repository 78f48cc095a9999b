import type { Model, Offer, Scaling, Traffic } from '../catalog/types';

/** How a workload's requests spread over the week: a built-in shape, batch work with a window, or the user's own. */
export type TrafficSpec =
  { kind: Traffic } | { kind: 'batch'; maxWaitHours: number } | { kind: 'custom'; hours: number[]; weekdays: number[] };
import type { SourceRange } from '../text/lineIndex';
import type { PlaceholderField } from './placeholders';

/** The fields whose place in the file renderers point at. */
export type WorkloadField =
  | 'item'
  | 'name'
  | 'model'
  | 'volume'
  | 'requests'
  | 'input_tokens'
  | 'output_tokens'
  | 'cached_input_share'
  | 'ttft_seconds'
  | 'output_tokens_per_second'
  | 'tokens_per_second'
  | 'provider'
  | 'traffic'
  | 'seconds_per_image'
  | 'seconds_per_batch'
  | 'steps'
  | 'resolution'
  | 'quality'
  | 'batch_size'
  | 'utilization'
  | 'scaling'
  | 'spot'
  | 'cold_start_seconds'
  | 'latency_slo_seconds'
  | 'budget_usd_per_month'
  | 'min_workers'
  | 'min_replicas'
  | 'max_wait_hours'
  | 'serving'
  | 'allow_marketplace';

/** What one request of a text workload asks for, on average. */
export interface TextDemand {
  inputTokens: number;
  outputTokens: number;
  /** Share of input tokens read from a prompt cache. */
  cachedInputShare: number;
  ttftSeconds?: number;
  /** The output speed each request must see: caps how many requests share a GPU. */
  outputTokensPerSecond?: number;
  /** Measured batched output tokens/s of one GPU: for the chosen GPU, or by GPU id. */
  measuredTokensPerSecond?: number | Record<string, number>;
}

/** A workload that passed validation: every field has its default and its place in the file. */
export interface Workload {
  index: number;
  name: string;
  model: string;
  /** Images (image models) or requests (text models) a month. */
  volume: number;
  /** What the volume counts: an image model's images or a text model's requests. */
  unit: 'image' | 'request';
  /** Text models: tokens per request and the latency targets. */
  text?: TextDemand;
  /** The chosen offer id. Without `provider:` in the file, the cheapest eligible offer the engine picked. */
  provider: string;
  /**
   * The file has no `provider:`: a planning question, priced over every offer that can serve it, on the cheapest
   * eligible one (engine/undeclared.ts). Validation leaves `provider` empty; the engine sets it before pricing.
   */
  providerUndeclared?: true;
  /** Figures the file marks as placeholders (`inference-cost scan`'s comment): priced as written, said as not known. */
  placeholders?: PlaceholderField[];
  traffic: TrafficSpec;
  secondsPerImage?: number | Record<string, number>;
  /** Image models: the settings asked for, where they differ from the model's reference (engine/speed/imageSettings.ts). */
  image?: { steps?: number; width?: number; height?: number; quality?: string };
  batchSize: number;
  /** Measured seconds of one call of batchSize images on the chosen offer's GPU: beats the batching curve there. */
  secondsPerBatch?: number;
  batchTimeFactor?: number;
  utilization: number;
  scaling: Scaling;
  spot: boolean;
  coldStartsPerMonth?: number;
  coldStartSeconds?: number;
  latencySloSeconds?: number;
  budgetUsdPerMonth?: number;
  /** What the workload serves: interactive requests (a person waits) or batch work. */
  serving: 'interactive' | 'batch';
  /** Interactive workloads may use marketplace capacity only when this is set. */
  allowMarketplace: boolean;
  /** Per-second offers: workers kept warm around the clock. */
  minWorkers?: number;
  /** Dedicated endpoints: replicas kept running; 0 lets an endpoint that can scale to zero sleep. */
  minReplicas?: number;
  ranges: Partial<Record<WorkloadField, SourceRange>> & { item: SourceRange };
}

export interface Team {
  engineerMonthlyUsd: number;
  opsShare: number;
  /** Share of an engineer to package a model for one serverless platform. */
  containerShare: number;
  /** Where the figures came from, for the overhead line. */
  origin: 'file' | 'settings' | 'default';
}

export interface FileModel {
  team: Team;
  /** Offers declared or overridden in the file, already merged over the catalog's. */
  fileOffers: Offer[];
  /** Models declared under `models:`, already in the file's catalog. */
  fileModels: Model[];
  workloads: Workload[];
  budgetUsdPerMonth?: number;
  budgetRange?: SourceRange;
  /** `scan:`, drift's settings (check and diff on a folder); absent: scan everything under the file's folder. */
  scan?: { enabled: boolean; exclude: string[] };
  /** Where each offer declared in the file stands, by id. */
  offerRanges: Map<string, SourceRange>;
}

export const WORKLOAD_DEFAULTS = {
  traffic: { kind: 'steady' } as TrafficSpec,
  maxWaitHours: 24,
  batchSize: 1,
  utilization: 0.7,
  scaling: 'always_on',
  spot: false,
} as const;
