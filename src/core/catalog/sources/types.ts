import type { Model, Offer, PriceSourceId, SourceOrigin } from '../types';

/** A source's raw data as read from disk or the network, before it becomes offers. */
export interface SourceData {
  id: PriceSourceId;
  origin: SourceOrigin;
  /** YYYY-MM-DD: the day the data was published (package) or fetched (cache, override). */
  date: string;
  /** What the data is: the package and its version, or the URL or folder it was fetched from. */
  from: string;
  /** genai-prices: one entry, the providers JSON. skypilot: each cloud's vms.csv text, by cloud. */
  files: ReadonlyMap<string, string>;
  /** Set where a refresh of this source failed and this older data is used instead. */
  problem?: string;
}

/** Offers and models read from one source, with what was skipped. */
export interface SourceOffers {
  offers: Offer[];
  models: Model[];
  /** A provider's spelling of a model id (lower case) -> our canonical id. */
  modelAliases: Map<string, string>;
  skipped: Record<string, number>;
  /** Offers whose stale source price a dated correction replaced. */
  corrected?: string[];
}

export function countSkip(skipped: Record<string, number>, reason: string): void {
  skipped[reason] = (skipped[reason] ?? 0) + 1;
}

/** What every API offer a maintained source lists shares: managed, nothing to run, no cold start or idle billed. */
export const MANAGED_API = {
  self_managed: false,
  operating: 'managed',
  tier: 'managed',
  bills_cold_start: false,
  bills_idle: false,
  cold_start_seconds: 0,
  idle_timeout_seconds: 0,
} as const;

/** Where each maintained source is fetched from by default (`catalog update`, "Update prices"). */
export const GENAI_PRICES_URL =
  'https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/new_data/v2/data.json';
/** The file LiteLLM itself reads its cost map from: served raw from its repository. */
export const LITELLM_URL =
  'https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json';

/** The SkyPilot clouds whose GPU rentals we read, and their catalog's base URL. */
export const SKYPILOT_CLOUDS = ['runpod', 'lambda', 'vast', 'nebius', 'shadeform'] as const;
export type SkypilotCloud = (typeof SKYPILOT_CLOUDS)[number];
export const SKYPILOT_BASE_URL = 'https://raw.githubusercontent.com/skypilot-org/skypilot-catalog/master/catalogs/v8';
