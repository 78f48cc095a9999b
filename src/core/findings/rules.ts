import type { Catalog } from '../catalog/types';
import type { FileModel } from '../format/model';
import type { BreakEven, EngineSettings, WorkloadReport } from '../engine/analyze';
import type { PricedOption } from '../engine/price';
import { largestBatchThatFits } from '../engine/speed';
import { formatCount, formatMonthly, formatPercent, formatUsd, usdToMicros } from '../money';
import { flat } from '../text/flat';
import { FINDING_CODES, type Finding } from './types';

/** The cost findings of one priced workload, each at the value it is about. */
export function workloadFindings(report: WorkloadReport, catalog: Catalog, settings: EngineSettings, offerRanges: FileModel['offerRanges']): Finding[] {
  const findings = [
    ...chosenIneligible(report, catalog),
    aboveBreakEven(report, settings, offerRanges),
    spotOnLatencyCritical(report),
    lowUtilization(report, catalog),
    stalePrice(report, settings),
    overBudget(report),
  ].filter((f): f is Finding => f !== undefined);
  // Set in place rather than spread into copies: a spread over findings of several shapes gives each copy a hidden class of its own.
  for (const f of findings) f.workload = report.workload.index;
  return findings;
}

function chosenIneligible({ workload, chosen }: WorkloadReport, catalog: Catalog): Finding[] {
  return chosen.reasons.map((reason): Finding => {
    switch (reason.kind) {
      case 'memory': {
        const fits = chosen.offer.gpu ? largestBatchThatFits(catalog, workload.model, chosen.offer.gpu) : 0;
        const range = fits > 0 ? (workload.ranges.batch_size ?? workload.ranges.provider!) : workload.ranges.provider!;
        return {
          code: FINDING_CODES.batchExceedsVram,
          severity: 'error',
          message: flat`Out of memory in production: ${reason.text}.${fits > 0 ? ` Use batch_size ${fits} or a larger GPU.` : ' Pick a GPU with more memory.'}`,
          range,
          ...(fits > 0 ? { fix: { kind: 'set-batch-size' as const, batchSize: fits } } : {}),
        };
      }
      case 'latency':
        return { code: FINDING_CODES.latencyUnmet, severity: 'warning', message: flat`Latency target unmet on \`${chosen.offer.id}\`: ${reason.text}.`, range: workload.ranges.latency_slo_seconds ?? workload.ranges.provider! };
      case 'model':
      case 'gpu':
        return { code: FINDING_CODES.modelNotServed, severity: 'error', message: flat`\`${chosen.offer.id}\` cannot run this workload: ${reason.text}.`, range: workload.ranges.provider! };
    }
  });
}

/** How many cheaper offers a switch-provider fix proposes. */
const FIX_ALTERNATIVES = 5;

/** The chosen offer is above break-even when an eligible one is cheaper by more than both thresholds. */
function aboveBreakEven(report: WorkloadReport, settings: EngineSettings, offerRanges: FileModel['offerRanges']): Finding | undefined {
  const { workload, chosen } = report;
  const alternative = report.cheapestAlternative;
  if (!alternative) return undefined;
  const savings = chosen.totalMicros - alternative.totalMicros;
  if (!isMeaningfulSaving(savings, chosen.totalMicros, settings)) return undefined;
  const crossing = report.breakEvenWith(alternative.offer.id);
  // Savings only shrink down the list, so the meaningful ones among the first few are the first few meaningful ones.
  const cheaperOnes = report.cheaperAlternatives(FIX_ALTERNATIVES).filter((o) => isMeaningfulSaving(chosen.totalMicros - o.totalMicros, chosen.totalMicros, settings));
  const related = offerRanges.get(alternative.offer.id);
  return {
    code: FINDING_CODES.aboveBreakEven,
    severity: 'warning',
    message: flat`\`${chosen.offer.id}\` is above break-even at ${formatCount(workload.volume)} images/mo: ${formatMonthly(chosen.totalMicros)} vs ${formatMonthly(alternative.totalMicros)} on \`${alternative.offer.id}\` \
(save ${formatMonthly(savings)}, ${formatPercent(savings / chosen.totalMicros)}). ${describeBreakEven(crossing, workload.volume)}`,
    range: workload.ranges.provider!,
    related: [{ message: flat`Cheapest eligible: ${alternative.offer.id} at ${formatMonthly(alternative.totalMicros)} (${alternative.offer.billing}, ${alternative.details.rate})`, ...(related ? { range: related } : {}) }],
    fix: { kind: 'switch-provider', alternatives: cheaperOnes.map((o) => ({ offer: o.offer, monthlyMicros: o.totalMicros })) },
  };
}

export function isMeaningfulSaving(savingsMicros: number, chosenMicros: number, settings: EngineSettings): boolean {
  return savingsMicros > 0 && savingsMicros > (chosenMicros * settings.breakEvenPercent) / 100 && savingsMicros > usdToMicros(settings.breakEvenUsd);
}

/** "Break-even at 21,875 images/mo; you are 4.6x above it." */
export function describeBreakEven(crossing: BreakEven | undefined, volume: number): string {
  if (!crossing || crossing.volume === null) return 'The two never cross: it is cheaper at every volume.';
  const at = `Break-even at ${formatCount(crossing.volume)} images/mo`;
  if (crossing.volume <= 0) return `${at}.`;
  const ratio = volume / crossing.volume;
  if (ratio >= 1) return `${at}; you are ${ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1)}x above it.`;
  return `${at}; you are ${formatPercent(1 - ratio)} below it.`;
}

function spotOnLatencyCritical({ workload, chosen }: WorkloadReport): Finding | undefined {
  if (!workload.spot || workload.latencySloSeconds === undefined || !chosen.details.spot) return undefined;
  return {
    code: FINDING_CODES.spotLatencyCritical,
    severity: 'warning',
    message: flat`Spot capacity on a latency-critical workload (target ${workload.latencySloSeconds} s): spot GPUs are reclaimed with 30-60 s notice, and requests in flight fail.`,
    range: workload.ranges.spot ?? workload.ranges.provider!,
  };
}

function lowUtilization({ workload, chosen }: WorkloadReport, catalog: Catalog): Finding | undefined {
  const threshold = catalog.assumptions.thresholds.low_utilization;
  const { utilization, units, paidHours } = chosen.details;
  if (chosen.offer.billing === 'per_call' || chosen.offer.billing === 'per_second' || units === undefined || utilization === undefined || utilization >= threshold) return undefined;
  return {
    code: FINDING_CODES.lowUtilization,
    severity: 'warning',
    message: flat`\`${chosen.offer.id}\` is busy ${formatPercent(utilization)} of the ${formatCount(paidHours ?? 0)} GPU-hours paid (${units} ${chosen.offer.billing === 'dedicated' ? 'replica' : 'GPU'}${units === 1 ? '' : 's'}); renting pays off above ${formatPercent(threshold)}.`,
    range: workload.ranges.provider!,
  };
}

function stalePrice({ workload, chosen }: WorkloadReport, settings: EngineSettings): Finding | undefined {
  const age = ageInDays(chosen.offer.verified, settings.today);
  if (age !== undefined && age <= settings.staleDays && age >= 0) return undefined;
  const why = age === undefined ? 'has no verification date' : age < 0 ? `is dated ${chosen.offer.verified}, in the future` : `was verified ${age} days ago (${chosen.offer.verified})`;
  return {
    code: FINDING_CODES.stalePrice,
    severity: 'info',
    message: stalePriceMessage(chosen.offer.id, chosen.details.rate, why, chosen.offer.source),
    range: workload.ranges.provider!,
  };
}

/** Words of a stale-price finding, by their parts. A file of thousands of workloads on a few offers says the same few. */
const staleMessages = new Map<string, string>();
const MAX_STALE_MESSAGES = 1_000;

function stalePriceMessage(offer: string, rate: string, why: string, source: string): string {
  const key = `${offer}\u0000${rate}\u0000${why}\u0000${source}`;
  let message = staleMessages.get(key);
  if (message === undefined) {
    message = flat`The price of \`${offer}\` (${rate}) ${why}; check it at its source (${source}) or override it under \`offers:\`.`;
    if (staleMessages.size >= MAX_STALE_MESSAGES) staleMessages.clear();
    staleMessages.set(key, message);
  }
  return message;
}

export function ageInDays(verified: string | null, today: string): number | undefined {
  if (!verified) return undefined;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${verified}T00:00:00Z`)) / 86_400_000);
}

export function isStale(verified: string | null, settings: EngineSettings): boolean {
  const age = ageInDays(verified, settings.today);
  return age === undefined || age < 0 || age > settings.staleDays;
}

function overBudget({ workload, chosen }: WorkloadReport): Finding | undefined {
  if (workload.budgetUsdPerMonth === undefined) return undefined;
  const budget = usdToMicros(workload.budgetUsdPerMonth);
  if (chosen.totalMicros <= budget) return undefined;
  return {
    code: FINDING_CODES.overBudget,
    severity: 'warning',
    message: flat`${formatMonthly(chosen.totalMicros)} is over this workload's budget of ${formatMonthly(budget)} by ${formatUsd(chosen.totalMicros - budget)}.`,
    range: workload.ranges.budget_usd_per_month ?? workload.ranges.item,
  };
}

export function fileBudgetFinding(model: FileModel, totalMicros: number): Finding | undefined {
  if (model.budgetUsdPerMonth === undefined || !model.budgetRange) return undefined;
  const budget = usdToMicros(model.budgetUsdPerMonth);
  if (totalMicros <= budget) return undefined;
  return {
    code: FINDING_CODES.overBudget,
    severity: 'warning',
    message: flat`The file's total, ${formatMonthly(totalMicros)}, is over its budget of ${formatMonthly(budget)} by ${formatUsd(totalMicros - budget)}.`,
    range: model.budgetRange,
  };
}

export type { PricedOption };
