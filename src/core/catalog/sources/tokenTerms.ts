import termsData from '../data/tokenTerms.json';
import correctionData from '../data/priceCorrections.json';
import { formatCount, formatUnitUsd } from '../../money';
import type { Offer, PriceCorrectionNote } from '../types';

/** What the per-token source lays over genai-prices: its batch discounts, caching minimums and dated corrections. */

interface BatchTerm {
  provider: string;
  models?: string;
  exclude?: string;
  discount: number;
  source: string;
  verified: string;
}

interface CacheMinimum {
  provider: string;
  models?: string;
  tokens: number;
  source: string;
  verified: string;
}

export interface Correction {
  source_id: string;
  provider: string;
  model: string;
  replaces: { input_mtok: number; output_mtok: number };
  prices: Record<string, number>;
  /** The provider withdrew the model: a workload that names it is told when, and what replaced it. */
  retired?: { date: string; replacement: string };
  effective: string;
  verified: string;
  source: string;
}

const BATCH = termsData.batch as BatchTerm[];
const CACHE_MINIMUMS = termsData.min_cached_prompt as CacheMinimum[];
export const CORRECTIONS: readonly Correction[] = correctionData.corrections;

/** The terms a per-token offer of `provider` serving `model` bills by, each rule's source said beside it. */
export function tokenTermsFor(
  provider: string,
  model: string,
): Pick<Offer, 'batch_discount' | 'min_cached_prompt_tokens' | 'terms_source'> {
  const batch = BATCH.find(
    (t) =>
      t.provider === provider &&
      (t.models === undefined || new RegExp(t.models).test(model)) &&
      (t.exclude === undefined || !new RegExp(t.exclude).test(model)),
  );
  const minimum = CACHE_MINIMUMS.find(
    (t) => t.provider === provider && (t.models === undefined || new RegExp(t.models).test(model)),
  );
  const sources = [
    batch && `batch −${Math.round(batch.discount * 100)}%: ${batch.source}, checked ${batch.verified}`,
    minimum &&
      `caching from ${formatCount(minimum.tokens)}-token prompts: ${minimum.source}, checked ${minimum.verified}`,
  ].filter((s): s is string => Boolean(s));
  return {
    ...(batch ? { batch_discount: batch.discount } : {}),
    ...(minimum ? { min_cached_prompt_tokens: minimum.tokens } : {}),
    ...(sources.length ? { terms_source: sources.join('; ') } : {}),
  };
}

/** A correction's prices in place of a source entry's, and the note that says so; undefined where none applies. */
export interface Corrected {
  prices: Record<string, unknown>;
  retired?: { date: string; replacement: string };
  note: PriceCorrectionNote;
}

/**
 * The dated correction for one genai-prices entry (its provider and model ids as the source spells them), where the
 * source's data is no newer than the correction and the entry still shows the stale price it was written against.
 */
export function correctionFor(
  genaiProvider: string,
  apiModel: string,
  prices: Record<string, unknown>,
  sourceDate: string,
  corrections: readonly Correction[] = CORRECTIONS,
): Corrected | undefined {
  const c = corrections.find(
    (x) => x.source_id === 'genai-prices' && x.provider === genaiProvider && x.model === apiModel,
  );
  // Data dated after the correction was checked may carry the source's own fix: the source is trusted again.
  if (!c || sourceDate > c.verified) return undefined;
  if (prices.input_mtok !== c.replaces.input_mtok || prices.output_mtok !== c.replaces.output_mtok) return undefined;
  return {
    prices: c.prices,
    ...(c.retired ? { retired: c.retired } : {}),
    note: {
      verified: c.verified,
      effective: c.effective,
      replaced: `${formatUnitUsd(c.replaces.input_mtok)} in / ${formatUnitUsd(c.replaces.output_mtok)} out per MTok`,
      source: c.source,
    },
  };
}
