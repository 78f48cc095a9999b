import type { WorkloadReport } from '../engine/analyze';
import { totalAt, type EngineSettings } from '../engine/analyze';
import { costAt, withFixed } from '../engine/curve';
import type { PricedOption } from '../engine/price';
import { isStale } from '../findings/rules';
import { microsToCentsUsd } from '../money';
import type { CompareRow, CompareView } from '../protocol';

const CHART_POINTS = 48;
/** The chosen offer and the cheapest few: more lines than that is noise. */
const CHART_SERIES = 5;

/** Everything the panel shows for one workload, as plain data: the webview only draws it. */
export function buildCompareView(report: WorkloadReport, settings: EngineSettings, declaredVolume: number): CompareView {
  const { workload, chosen, options } = report;
  const rows = options.map((o) => row(o, o === chosen, settings, report.breakEvenWith(o.offer.id)?.volume ?? null));
  const alt = report.cheapestAlternative;
  const volumes = chartVolumes(workload.volume);
  const charted = [chosen, ...options.filter((o) => o.eligible && o !== chosen).slice(0, CHART_SERIES - 1)];
  return {
    name: workload.name,
    model: workload.model,
    volume: workload.volume,
    declaredVolume,
    chosen: chosen.offer.id,
    totalUsd: microsToCentsUsd(chosen.totalMicros),
    cheapest: alt?.offer.id ?? null,
    cheapestUsd: alt ? microsToCentsUsd(alt.totalMicros) : null,
    rows,
    chart: {
      volumes,
      series: charted.map((o) => ({ offer: o.offer.id, chosen: o === chosen, usd: volumes.map((v) => microsToCentsUsd(totalAt(o, v))) })),
      breakEvens: charted
        .filter((o) => o !== chosen)
        .flatMap((o) => {
          const v = report.breakEvenWith(o.offer.id)?.volume;
          return v != null && v >= volumes[0]! && v <= volumes[volumes.length - 1]! ? [{ offer: o.offer.id, volume: v, usd: microsToCentsUsd(costAt(withFixed(chosen.curve, chosen.overheadMicros), v)) }] : [];
        }),
    },
    sensitivity: report.sensitivity.map((s) => ({ factor: s.factor, volume: s.volume, chosenUsd: microsToCentsUsd(s.chosenMicros), cheapest: s.cheapest?.offer ?? null, cheapestUsd: s.cheapest ? microsToCentsUsd(s.cheapest.micros) : null })),
  };
}

function row(o: PricedOption, isChosen: boolean, settings: EngineSettings, breakEven: number | null): CompareRow {
  return {
    offer: o.offer.id,
    billing: o.offer.billing,
    rate: o.details.rate,
    totalUsd: o.priced ? microsToCentsUsd(o.totalMicros) : null,
    computeUsd: o.priced ? microsToCentsUsd(o.computeMicros) : null,
    overheadUsd: o.priced ? microsToCentsUsd(o.overheadMicros) : null,
    overheadNote: o.overheadNote ?? null,
    perImageUsd: o.priced && o.perImageMicros !== null ? o.perImageMicros / 1e6 : null,
    eligible: o.eligible,
    why: o.eligible ? null : o.reasons.map((r) => r.text).join('; '),
    chosen: isChosen,
    source: o.offer.source,
    verified: o.offer.verified,
    stale: isStale(o.offer.verified, settings),
    breakEven: breakEven === null ? null : Math.round(breakEven),
  };
}

/** Log-spaced volumes from a tenth to ten times the declared volume (at least 1 to 1,000). */
export function chartVolumes(volume: number): number[] {
  const center = Math.max(volume, 100);
  const lo = Math.log10(center / 10);
  const hi = Math.log10(center * 10);
  return Array.from({ length: CHART_POINTS }, (_, i) => Math.round(10 ** (lo + ((hi - lo) * i) / (CHART_POINTS - 1))));
}
