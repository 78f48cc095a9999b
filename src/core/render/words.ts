import { searchRange } from '../engine/breakEven';
import type { TrafficSpec } from '../format/model';
import { formatCount, formatMonthly, formatUnitUsd, formatWholeUsd } from '../money';
import { BREAKDOWN_PARTS, type BreakEven, type Breakdown, type OptionDetails, type PricedOption } from '../report';

/** How the renderers and findings say the same things. */

export function formatRate(rate: OptionDetails['rate']): string {
  return `${formatUnitUsd(rate.usd)}/${rate.per === 'image' ? 'image' : rate.per}${rate.spot ? ' spot' : ''}`;
}

/** "Break-even at 21,875 images/mo; you run 100,000." */
export function describeBreakEven(crossing: BreakEven | undefined, volume: number): string {
  if (!crossing || crossing.volume === null) {
    const cheaper = !crossing
      ? 'it is'
      : crossing.cheaperBelow === 'chosen'
        ? 'your choice is'
        : `${crossing.offer} is`;
    return `No break-even up to ${formatCount(searchRange(volume))} images/mo: ${cheaper} cheaper throughout.`;
  }
  const more = crossing.crossings.length > 1 ? ` (the costs cross ${crossing.crossings.length} times)` : '';
  return `Break-even at ${formatCount(crossing.volume)} images/mo${more}; you run ${formatCount(volume)}.`;
}

export const BREAKDOWN_LABELS: Record<keyof Breakdown, string> = {
  busy: 'busy',
  idle: 'idle keep-alive',
  coldStarts: 'cold starts',
  warm: 'warm workers',
  unused: 'unused capacity',
  startup: 'GPU start-ups',
  overhead: 'engineering',
};

/** "$230 busy + $560 idle keep-alive + $22 cold starts": the parts that are not zero. */
export function describeBreakdown(option: PricedOption): string {
  const parts = BREAKDOWN_PARTS.filter((part) => option.breakdown[part] !== 0).map(
    (part) => `${formatWholeUsd(option.breakdown[part])} ${BREAKDOWN_LABELS[part]}`,
  );
  return parts.length === 0 ? '$0' : parts.join(' + ');
}

export function describeTraffic(traffic: TrafficSpec): string {
  if (traffic.kind === 'batch') return `batch (may wait ${traffic.maxWaitHours} h)`;
  if (traffic.kind === 'custom') return 'custom shape';
  return traffic.kind;
}

export function monthly(option: PricedOption): string {
  return option.priced ? formatMonthly(option.totalMicros) : '—';
}

/** A figure behind the price is an estimate: the offer's own, or the speed it was priced at. */
export function isEstimate(o: PricedOption): boolean {
  return o.offer.estimate || o.details.speed?.basis === 'estimate' || o.details.speed?.basis === 'scaled-measurement';
}
