import type { CostChart } from '../engine/chart';
import { moveOf } from '../engine/plan';
import { formatMonthly, microsToCentsUsd } from '../money';
import type { CompareRow, CompareView } from '../protocol';
import type { Workload } from '../format/model';
import {
  BREAKDOWN_LABELS,
  describeTokens,
  describeTraffic,
  formatRate,
  estimatedParts,
  priceOrigin,
  unitWords,
} from './words';
import { describeFolded, foldOptions } from './fold';
import { BREAKDOWN_PARTS, type FilePlan, type PricedOption, type WorkloadReport } from '../report';

/** Everything the panel shows for one workload, as plain data: the webview only draws it. */
export function buildCompareView(
  report: WorkloadReport,
  chart: CostChart,
  declaredVolume: number,
  plan?: FilePlan,
): CompareView {
  const { workload, chosen, options } = report;
  const breakEvenOf = (offer: string) => report.breakEvens.find((b) => b.offer === offer)?.volume ?? null;
  const alt = report.cheapestAlternative;
  const folded = foldOptions(options, chosen, FIRST_ROWS, { leftOut: report.leftOut });
  return {
    name: workload.name,
    model: workload.model,
    volume: workload.volume,
    declaredVolume,
    units: unitWords(workload.unit).plural,
    perUnit: unitWords(workload.unit).perUnit,
    tokens: describeTokens(workload),
    traffic: describeTraffic(workload.traffic),
    chosen: chosen.offer.id,
    totalUsd: microsToCentsUsd(report.totalMicros),
    cheapest: alt?.offer.id ?? null,
    cheapestUsd: alt ? microsToCentsUsd(alt.totalMicros) : null,
    plan: planSentence(plan, workload.index),
    rows: options.map((o) => ({
      ...row(o, o === chosen, breakEvenOf(o.offer.id), workload.unit),
      folded: !folded.shown.includes(o),
    })),
    foldedSummary: describeFolded(folded.more),
    chart: {
      volumes: chart.volumes,
      series: chart.series.map((s) => ({ offer: s.offer, chosen: s.chosen, usd: s.micros.map(microsToCentsUsd) })),
      breakEvens: chart.breakEvens.map((b) => ({ offer: b.offer, volume: b.volume, usd: microsToCentsUsd(b.micros) })),
    },
    sensitivity: (report.sensitivity ?? []).map((s) => ({
      factor: s.factor,
      volume: s.volume,
      chosenUsd: microsToCentsUsd(s.chosenMicros),
      cheapest: s.cheapest?.offer ?? null,
      cheapestUsd: s.cheapest ? microsToCentsUsd(s.cheapest.micros) : null,
    })),
  };
}

/** "The file's plan moves this workload to segmind/api, its part $195.20/mo: with its 1 other move the file saves $4,495.23/mo." */
function planSentence(plan: FilePlan | undefined, index: number): string {
  if (!plan || plan.moves.length === 0) return '';
  const saves = `the file saves ${formatMonthly(plan.currentMicros - plan.planMicros)}`;
  const move = moveOf(plan, index);
  const others = plan.moves.length - (move ? 1 : 0);
  const withOthers = others === 0 ? '' : `with its ${others} other move${others === 1 ? '' : 's'} `;
  const part = move && others > 0 ? `, its part ${formatMonthly(move.savingMicros)}` : '';
  return move
    ? `The file's plan moves this workload to ${move.to}${part}: ${withOthers}${saves} (at the declared volumes).`
    : `The file's plan keeps this workload where it is and moves ${others} other${others === 1 ? '' : 's'}: ${saves} (at the declared volumes).`;
}

/** Rows the panel shows before "show every offer": the chosen and the best of each provider and billing model. */
const FIRST_ROWS = 12;

function row(
  o: PricedOption,
  isChosen: boolean,
  breakEven: number | null,
  unit: Workload['unit'],
): Omit<CompareRow, 'folded'> {
  return {
    offer: o.offer.id,
    billing: o.offer.billing,
    tier: o.offer.tier,
    operating: o.offer.operating,
    estimate: estimatedParts(o),
    rate: formatRate(o.details.rate),
    totalUsd: o.priced ? microsToCentsUsd(o.totalMicros) : null,
    computeUsd: o.priced ? microsToCentsUsd(o.computeMicros) : null,
    overheadUsd: o.priced ? microsToCentsUsd(o.overheadMicros) : null,
    overheadNote: o.overheadNote ?? null,
    breakdown: o.priced
      ? BREAKDOWN_PARTS.filter((p) => o.breakdown[p] !== 0).map((p) => ({
          part: p,
          label: BREAKDOWN_LABELS[p],
          usd: microsToCentsUsd(o.breakdown[p]),
        }))
      : [],
    perUnitUsd:
      o.priced && o.perImageMicros !== null ? (o.perImageMicros * (unit === 'request' ? 1000 : 1)) / 1e6 : null,
    eligible: o.eligible,
    why: o.eligible ? null : o.reasons.map((r) => r.text).join('; '),
    chosen: isChosen,
    source: o.offer.source,
    verified: o.offer.verified,
    stale: o.stale,
    breakEven: breakEven === null ? null : Math.round(breakEven),
    priceOrigin: priceOrigin(o.offer),
  };
}
