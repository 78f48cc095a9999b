import { formatCount, formatUnitUsd, formatWholeUsd } from '../money';
import type { PricedOption, WorkloadReport } from '../report';
import { formatRate, priceOrigin } from './words';

/**
 * What the editor says at a model call in code (issue 33): the unit price, the declaring workload's monthly cost, and
 * the hosts that sell the model. Pure: it reads reports the engine made (of inference.yaml, or of a one-use draft).
 */

/** What is known of one call's cost. */
export type UseCost =
  /** A workload of inference.yaml declares the call: its chosen offer and its monthly cost. */
  | { kind: 'declared'; workload: WorkloadReport }
  /**
   * No workload declares it: a draft of the one call, priced. `hostOffer` is false where the call's own host has no
   * offer of the model in the catalog (the draft's offer is then a stand-in, and the cheapest host is said instead).
   */
  | { kind: 'undeclared'; workload: WorkloadReport; hostOffer: boolean }
  /** Nothing to price: the model is picked at run time, or the catalog does not know it. */
  | { kind: 'unpriced'; reason: string };

/** "$0.167/image", "$3/$15 per MTok", "$2.10/h": one unit on an option's offer, at the workload's settings. */
export function unitPrice(option: PricedOption): string {
  const offer = option.offer;
  if (offer.billing === 'per_token')
    return `${dollars(offer.usd_per_million_input_tokens ?? 0)}/${dollars(offer.usd_per_million_output_tokens ?? 0)} per MTok`;
  return formatRate(option.details.rate);
}

/** "$3" rather than "$3.00": the short form a lens has room for. */
function dollars(usd: number): string {
  return formatUnitUsd(usd).replace(/\.00$/, '');
}

/** One host that sells the model, for the hover's comparison. */
export interface HostRow {
  offer: string;
  /** The unit price: "$0.003/image", "$3/$15 per MTok". */
  price: string;
  /** Per-token offers: what a request of the workload's tokens costs, "$18.36/1k requests". */
  perRequest?: string;
  totalMicros: number;
  /** Where the price came from: a maintained source (litellm, genai-prices), hand-kept, the file. */
  origin: string;
  /** YYYY-MM-DD the price was read at its source, or "undated". */
  date: string;
  source: string;
  stale: boolean;
}

/** The per-call and per-token offers that can serve the workload's model, cheapest first (ties by id). */
export function hostComparison(w: WorkloadReport): HostRow[] {
  return w.options
    .filter((o) => o.priced && (o.offer.billing === 'per_call' || o.offer.billing === 'per_token'))
    .sort((a, b) => a.totalMicros - b.totalMicros || (a.offer.id < b.offer.id ? -1 : 1))
    .map((o) => ({
      offer: o.offer.id,
      price: unitPrice(o),
      ...(o.offer.billing === 'per_token' ? { perRequest: formatRate(o.details.rate) } : {}),
      totalMicros: o.totalMicros,
      origin: priceOrigin(o.offer),
      date: o.offer.verified ?? 'undated',
      source: o.offer.source,
      stale: o.stale,
    }));
}

/**
 * The lens above a call: "$0.167/image on openai · ≈ $1,383/mo (hero)" where a workload declares it,
 * "$0.167/image on openai · not in inference.yaml" where none does.
 */
export function useCostLabel(cost: UseCost): string {
  switch (cost.kind) {
    case 'unpriced':
      return cost.reason;
    case 'declared': {
      const { chosen, workload } = cost.workload;
      if (!chosen.priced) return `${chosen.offer.id} cannot run it · workload ${workload.name}`;
      return `${unitPrice(chosen)} on ${chosen.offer.provider} · ≈ ${formatWholeUsd(cost.workload.totalMicros)}/mo (${workload.name})`;
    }
    case 'undeclared': {
      const { chosen } = cost.workload;
      if (cost.hostOffer && chosen.priced)
        return `${unitPrice(chosen)} on ${chosen.offer.provider} · not in inference.yaml`;
      const cheapest = cheapestRow(cost.workload);
      return cheapest
        ? `from ${cheapest.price} on ${cheapest.offer.split('/')[0]} · not in inference.yaml`
        : 'no per-call or per-token offer in the catalog · not in inference.yaml';
    }
  }
}

function cheapestRow(w: WorkloadReport): HostRow | undefined {
  return hostComparison(w)[0];
}

/** What the hosts are compared at: "quality high, 1024x1024" or "1,000 tokens in / 300 out a request". */
export function comparedAt(w: WorkloadReport): string {
  const { text, image } = w.workload;
  if (text) return `${formatCount(text.inputTokens)} tokens in / ${formatCount(text.outputTokens)} out a request`;
  const parts = [
    image?.quality ? `quality ${image.quality}` : undefined,
    image?.width && image.height ? `${image.width}x${image.height}` : undefined,
    image?.steps ? `${image.steps} steps` : undefined,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'the model’s reference settings';
}
