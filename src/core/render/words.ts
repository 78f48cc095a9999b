import { searchRange } from '../engine/breakEven';
import type { Catalog, Offer } from '../catalog/types';
import type { TrafficSpec, Workload } from '../format/model';
import { formatCompactCount, formatCount, formatMonthly, formatUnitUsd, formatWholeUsd } from '../money';
import {
  BREAKDOWN_PARTS,
  type BreakEven,
  type Breakdown,
  type OptionDetails,
  type PricedOption,
  type TokenTerms,
} from '../report';

/** How the renderers and findings say the same things. */

export function formatRate(rate: OptionDetails['rate']): string {
  if (rate.per === 'request') return `${formatUnitUsd(rate.usd * REQUESTS_PER_PRICE)}/1k requests`;
  return `${formatUnitUsd(rate.usd)}/${rate.per}${rate.spot ? ' spot' : ''}`;
}

/** Text workloads are priced per thousand requests: a single request's price is a fraction of a cent. */
const REQUESTS_PER_PRICE = 1000;

/** What a workload's volume counts, in the renderers' words: images, or requests of a text model. */
export function unitWords(unit: Workload['unit']): { plural: string; perUnit: string } {
  return unit === 'request' ? { plural: 'requests', perUnit: '/1k requests' } : { plural: 'images', perUnit: '/image' };
}

/** "$0.0036/image" or "$0.36/1k requests". */
export function formatPerUnit(micros: number, unit: Workload['unit']): string {
  const scale = unit === 'request' ? REQUESTS_PER_PRICE : 1;
  return `${formatUnitUsd((micros * scale) / 1e6)}${unitWords(unit).perUnit}`;
}

/** A text workload's monthly total over every token it reads and writes: "$/MTok effective". */
export function usdPerMillionTokens(totalMicros: number, workload: Workload): number | null {
  const tokens = tokensPerMonth(workload.volume, workload) ?? 0;
  return tokens > 0 ? totalMicros / tokens : null;
}

/** ", 800 tokens in / 200 out" for a text workload; nothing for an image one. */
export function describeTokens(workload: Workload): string {
  const text = workload.text;
  if (!text) return '';
  const cached = text.cachedInputShare > 0 ? ` (${Math.round(text.cachedInputShare * 100)}% cached)` : '';
  return `, ${formatCount(text.inputTokens)} tokens in${cached} / ${formatCount(text.outputTokens)} out`;
}

/** The chosen offer against an alternative: where they break even, or that the chosen one cannot run the workload. */
export function describeVersus(chosen: PricedOption, crossing: BreakEven | undefined, workload: Workload): string {
  return chosen.priced
    ? describeBreakEven(crossing, workload)
    : `${chosen.offer.id} cannot run this workload at any volume: no break-even.`;
}

/** "Break-even at 21,875 images/mo; you run 100,000." */
export function describeBreakEven(crossing: BreakEven | undefined, workload: Workload): string {
  const { volume } = workload;
  const units = unitWords(workload.unit).plural;
  const notTaken = crossing?.notEligibleAt?.length ? crossing : undefined;
  // A workload without `provider:` made no choice: it is priced on the cheapest eligible offer.
  const yours = workload.providerUndeclared ? 'the cheapest' : 'your choice';
  if (!crossing || crossing.volume === null) {
    if (notTaken) return `No break-even where ${notTaken.offer} is eligible: ${notEligibleClause(notTaken, units)}.`;
    const upTo = `No break-even up to ${formatCount(searchRange(volume))} ${units}/mo`;
    if (crossing?.cheaperBelow === 'neither') return `${upTo}: the two cost the same throughout.`;
    const cheaper = !crossing ? 'it is' : crossing.cheaperBelow === 'chosen' ? `${yours} is` : `${crossing.offer} is`;
    return `${upTo}: ${cheaper} cheaper throughout.`;
  }
  const more = crossing.crossings.length > 1 ? ` (the costs cross ${crossing.crossings.length} times)` : '';
  const apart = notTaken ? ` Not counted: ${notEligibleClause(notTaken, units)}.` : '';
  const [below, above] = crossing.cheaperBelow === 'chosen' ? [yours, crossing.offer] : [crossing.offer, yours];
  return `Break-even at ${formatCount(crossing.volume)} ${units}/mo${tokensAt(crossing.volume, workload)}${more}: ${below} is cheaper below it, ${above} above; you run ${formatCount(volume)}.${apart}`;
}

/** "the costs cross at 19,199 images/mo, where huggingface/a40 is not eligible (at 19,199: <why>)". */
function notEligibleClause(crossing: BreakEven, units: string): string {
  const at = crossing.notEligibleAt!.map(formatCount).join(', ');
  const why = crossing.whyNot
    ? ` (at ${formatCount(crossing.whyNot.volume)}: ${crossing.whyNot.reasons.join('; ')})`
    : '';
  return `the costs cross at ${at} ${units}/mo, where ${crossing.offer} is not eligible${why}`;
}

/** Tokens a month at a text workload's volume: " (1.2B tokens)". */
function tokensAt(volume: number, workload: Workload): string {
  const tokens = tokensPerMonth(volume, workload);
  return tokens === null ? '' : ` (${formatCompactCount(tokens)} tokens)`;
}

/** Input + output tokens a month at a volume of requests; null for an image workload. */
export function tokensPerMonth(volume: number, workload: Workload): number | null {
  return workload.text ? volume * (workload.text.inputTokens + workload.text.outputTokens) : null;
}

export const BREAKDOWN_LABELS: Record<keyof Breakdown, string> = {
  busy: 'busy',
  idle: 'idle keep-alive',
  coldStarts: 'cold starts',
  warm: 'warm workers',
  unused: 'unused capacity',
  startup: 'start-ups',
  overhead: 'engineering',
};

/** "$230 busy + $560 idle keep-alive + $22 cold starts": the parts that are not zero. */
export function describeBreakdown(option: PricedOption): string {
  const parts = BREAKDOWN_PARTS.filter((part) => option.breakdown[part] !== 0).map(
    (part) => `${formatWholeUsd(option.breakdown[part])} ${BREAKDOWN_LABELS[part]}`,
  );
  const ahead = option.details.scalesAhead
    ? ' (units started an hour before each rise in load)'
    : option.details.headroom
      ? ` (units held for ${option.details.headroom.toFixed(2)}x the load, so each rise is met as it comes)`
      : '';
  const terms = describeTokenTerms(option.details.tokens);
  return (parts.length === 0 ? '$0' : parts.join(' + ') + ahead) + (terms ? `; ${terms}` : '');
}

/** A per-token offer's terms that moved its price: "batch API: 50% off; cache writes: 60% of input at $3.75/MTok". */
export function describeTokenTerms(terms: TokenTerms | undefined): string | undefined {
  if (!terms) return undefined;
  const said = [
    terms.batchDiscount > 0 ? `batch API: ${Math.round(terms.batchDiscount * 100)}% off` : undefined,
    terms.underCacheMinimum !== undefined
      ? `nothing cached: prompts under the provider's ${formatCount(terms.underCacheMinimum)}-token caching minimum`
      : undefined,
    terms.writtenShare > 0 && terms.writeUsdPerMTok !== undefined
      ? `cache writes: ${Math.round(terms.writtenShare * 100)}% of input at ${formatUnitUsd(terms.writeUsdPerMTok)}/MTok`
      : undefined,
  ].filter((s): s is string => s !== undefined);
  return said.length ? said.join('; ') : undefined;
}

export function describeTraffic(traffic: TrafficSpec): string {
  if (traffic.kind === 'batch') return `batch (may wait ${traffic.maxWaitHours} h)`;
  if (traffic.kind === 'custom') return 'custom shape';
  return traffic.kind;
}

export function monthly(option: PricedOption): string {
  return option.priced ? formatMonthly(option.totalMicros) : '—';
}

/** Which figures behind an option's cost are estimates: the offer's price, the speed it was priced at, or both. */
export function estimatedParts(o: PricedOption): ('price' | 'speed')[] {
  const speed = o.details.speed?.basis === 'estimate' || o.details.speed?.basis === 'scaled-measurement';
  return [...(o.offer.estimate ? (['price'] as const) : []), ...(speed ? (['speed'] as const) : [])];
}

/** "(estimated speed)", "(estimated price and speed)", or nothing. */
export function estimateNote(o: PricedOption): string {
  const parts = estimatedParts(o);
  return parts.length === 0 ? '' : `(estimated ${parts.join(' and ')})`;
}

/**
 * Where an offer's price came from: a maintained source, a dated correction over one, the hand-kept catalog, the file
 * or the pricing file.
 */
export function priceOrigin(offer: Offer): string {
  if (offer.origin === 'file') return 'inference.yaml';
  if (offer.origin === 'settings') return 'pricing file';
  if (offer.correction) return 'correction';
  return offer.feed ?? 'hand-kept';
}

/**
 * Where the prices shown came from, with their dates: "prices: skypilot 2026-12-02 (cache); hand-kept 2026-05-07 to
 * 2026-12-02". A maintained source is dated by its data (and says whether that is the package's, or the cache's).
 */
export function priceFootnote(options: readonly PricedOption[], catalog: Catalog): string {
  const dates = new Map<string, (string | null)[]>();
  for (const o of options) {
    const origin = priceOrigin(o.offer);
    const seen = dates.get(origin);
    if (seen) seen.push(o.offer.verified);
    else dates.set(origin, [o.offer.verified]);
  }
  const parts = [...dates].map(([origin, seen]) => {
    const feed = catalog.sources.find((s) => s.id === origin);
    const known = seen.filter((d): d is string => d !== null).sort();
    const range =
      known.length === 0 ? 'undated' : known[0] === known.at(-1) ? known[0] : `${known[0]} to ${known.at(-1)}`;
    const undated = known.length > 0 && known.length < seen.length ? ', some undated' : '';
    return `${origin} ${range}${undated}${feed ? ` (${feed.origin})` : ''}`;
  });
  return `prices: ${parts.join('; ')}`;
}
