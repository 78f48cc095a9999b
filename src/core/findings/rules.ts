import { awaitsQuote, providerOf } from '../catalog/offers';
import type { FileModel, Workload } from '../format/model';
import type { Catalog } from '../catalog/types';
import { largestBatchThatFits } from '../engine/speed';
import { moveOf } from '../engine/plan';
import { formatCount, formatMonthly, formatPercent, formatUsd } from '../money';
import { offerRate } from '../render/catalog';
import { describeBreakEven, describeBreakdown, formatRate, unitWords } from '../render/words';
import type { EngineSettings, PlanMove, PricedOption, Report, WorkloadReport } from '../report';
import { FINDING_CODES, type Finding } from './types';
import { measuredOnOtherGpu } from './measuredOnOtherGpu';

type PricedReport = Omit<Report, 'text'>;

/** The cost findings of one priced workload, each at the value it is about. Runs on the finished report. */
export function workloadFindings(
  w: WorkloadReport,
  report: PricedReport,
  offerRanges: FileModel['offerRanges'],
): Finding[] {
  return [
    noProvider(w),
    placeholderFigures(w),
    ...chosenIneligible(w, report),
    aboveBreakEven(w, report, offerRanges),
    spotOnLatencyCritical(w),
    spotUnavailable(w),
    lowUtilization(w, report),
    stalePrice(w),
    overBudget(w),
  ]
    .filter((f): f is Finding => f !== undefined)
    .map((f) => ({ ...f, workload: w.workload.index }));
}

/**
 * The findings of a change (inference-cost diff): rules that compare a workload at the base with the same workload in
 * the working tree, run on both finished reports.
 */
export function changeFindings(before: WorkloadReport, after: WorkloadReport, catalog: Report['catalog']): Finding[] {
  return [...measuredOnOtherGpu(before, after, catalog)];
}

/** Findings of the file as a whole. */
export function fileFindings(report: PricedReport): Finding[] {
  return [...fileBudget(report), ...planFinding(report)];
}

/**
 * The file's plan (engine/plan.ts), said once for the file when it moves several workloads and saves more than the
 * thresholds: each workload's own finding then names its part of the plan, so the two never disagree.
 */
function planFinding(report: PricedReport): Finding[] {
  const plan = report.plan;
  if (!plan || plan.moves.length < 2) return [];
  const savings = plan.currentMicros - plan.planMicros;
  if (!isMeaningfulSaving(savings, plan.currentMicros, report.settings)) return [];
  const first = report.workloads.find((w) => w.workload.index === plan.moves[0]!.index)!;
  const moves = plan.moves.map((m) => `${JSON.stringify(m.workload)} to ${m.to} (${savingWords(m.savingMicros)})`);
  const bound = plan.exact
    ? ''
    : ` Found by a local search: no plan costs less than ${formatMonthly(plan.lowerBoundMicros)}.`;
  return [
    {
      code: FINDING_CODES.filePlan,
      severity: 'warning',
      message:
        `Plan for the file: move ${moves.join(', ')}. ${formatMonthly(plan.currentMicros)} becomes ${formatMonthly(plan.planMicros)}: ` +
        `save ${formatMonthly(savings)} (${formatPercent(savings / plan.currentMicros)}), each provider's engineering counted once.${bound}`,
      range: first.workload.ranges.provider!,
    },
  ];
}

function savingWords(micros: number): string {
  return micros >= 0
    ? `saves ${formatMonthly(micros)}`
    : `costs ${formatMonthly(-micros)} more, paid back by the others`;
}

function fileBudget(report: PricedReport): Finding[] {
  const model = report.model;
  if (model?.budgetUsdPerMonth === undefined || !model.budgetRange || !report.budget) return [];
  const { totalMicros, unpriced } = report.totals;
  const budget = report.budget.micros;
  const leftOut = unpriced.length
    ? ` It leaves out ${unpriced.length} workload${unpriced.length === 1 ? '' : 's'} whose offer cannot run ${unpriced.length === 1 ? 'it' : 'them'} (${unpriced.map((n) => JSON.stringify(n)).join(', ')}).`
    : '';
  if (totalMicros <= budget && leftOut) {
    const message = `The budget cannot be checked in full: the file's total, ${formatMonthly(totalMicros)}, is under ${formatMonthly(budget)} but incomplete.${leftOut}`;
    return [{ code: FINDING_CODES.overBudget, severity: 'warning', message, range: model.budgetRange }];
  }
  if (totalMicros <= budget) return [];
  return [
    {
      code: FINDING_CODES.overBudget,
      severity: 'warning',
      message: `The file's total, ${formatMonthly(totalMicros)}, is over its budget of ${formatMonthly(budget)} by ${formatUsd(totalMicros - budget)}.${leftOut}`,
      range: model.budgetRange,
    },
  ];
}

function chosenIneligible(w: WorkloadReport, report: PricedReport): Finding[] {
  const { workload, chosen } = w;
  // Where the chosen offer cannot run the workload at all, the fix is the cheapest offers that can.
  const switchTo = cheapestSwitch(w, () => true);
  return chosen.reasons.map((reason): Finding => {
    switch (reason.kind) {
      case 'memory': {
        const fits = chosen.offer.gpu ? largestBatchThatFits(report.catalog, workload, chosen.offer.gpu) : 0;
        const range = fits > 0 ? (workload.ranges.batch_size ?? workload.ranges.provider!) : workload.ranges.provider!;
        return {
          code: FINDING_CODES.batchExceedsVram,
          severity: 'error',
          message: `Out of memory in production: ${reason.text}.${fits > 0 ? ` Use batch_size ${fits} or a larger GPU.` : ' Pick a GPU with more memory.'}`,
          range,
          ...(fits > 0 ? { fix: { kind: 'set-batch-size' as const, batchSize: fits } } : switchTo),
        };
      }
      case 'latency':
        return {
          code: FINDING_CODES.latencyUnmet,
          severity: 'warning',
          message: `Latency target unmet on \`${chosen.offer.id}\`: ${reason.text}.`,
          range:
            workload.ranges.latency_slo_seconds ??
            workload.ranges.ttft_seconds ??
            workload.ranges.output_tokens_per_second ??
            workload.ranges.provider!,
        };
      case 'tier':
        return {
          code: FINDING_CODES.marketplaceInteractive,
          severity: 'warning',
          message: `\`${chosen.offer.id}\` is marketplace capacity (community hosts of varying reliability; replacing a failed one can take 15-60 minutes) serving interactive traffic. Set \`allow_marketplace: true\` if that is a risk you take, or \`serving: batch\` if nobody waits.`,
          range: workload.ranges.provider!,
        };
      case 'unlisted':
        return {
          code: FINDING_CODES.unlistedOffer,
          severity: 'warning',
          message: `\`${chosen.offer.id}\` is ${chosen.offer.unlisted}: its price (${chosen.offer.source}) may be for an offer you cannot buy. Check it with the provider, or pick an offer it lists.`,
          range: workload.ranges.provider!,
          ...switchTo,
        };
      case 'retired':
      case 'quote':
        return {
          code: reason.kind === 'retired' ? FINDING_CODES.retiredOffer : FINDING_CODES.quoteRequired,
          severity: 'error',
          message: `\`${chosen.offer.id}\` ${reason.text}.`,
          range: workload.ranges.provider!,
        };
      case 'model':
      case 'gpu':
        return {
          code: FINDING_CODES.modelNotServed,
          severity: 'error',
          message: `\`${chosen.offer.id}\` cannot run this workload: ${reason.text}.`,
          range: workload.ranges.provider!,
          ...switchTo,
        };
    }
  });
}

/** How many cheaper offers a switch-provider fix proposes. */
const FIX_ALTERNATIVES = 5;

/**
 * The chosen offer is above break-even when the file's plan moves the workload and that move saves more than both
 * thresholds. Without a plan (no eligible choice), the cheapest eligible alternative.
 */
function aboveBreakEven(
  w: WorkloadReport,
  report: PricedReport,
  offerRanges: FileModel['offerRanges'],
): Finding | undefined {
  const { workload, chosen } = w;
  const { settings, plan } = report;
  // An offer that cannot run the workload is an error of its own (chosenIneligible), not a cost to compare.
  if (!chosen.priced) return undefined;
  const move = moveOf(plan, workload.index);
  const alternative = plan ? w.options.find((o) => o.offer.id === move?.to) : w.cheapestAlternative;
  // A move that pays only with the plan's others is the file plan's to say: no warning names a dearer offer.
  if (!alternative || alternative.totalMicros >= chosen.totalMicros) return undefined;
  // What the workload costs now: its offer and its share of engineering paid with other workloads.
  const now = w.totalMicros;
  const savings = move ? move.savingMicros : now - alternative.totalMicros;
  if (!isMeaningfulSaving(savings, now, settings)) return undefined;
  const crossing = w.breakEvens.find((b) => b.offer === alternative.offer.id);
  const shared = w.overheadShareMicros - chosen.overheadMicros;
  const share = shared > 0 ? ` + ${formatMonthly(shared)} share of engineering paid with other workloads` : '';
  const fix = cheapestSwitch(
    w,
    (o) => o === alternative || isMeaningfulSaving(chosen.totalMicros - o.totalMicros, chosen.totalMicros, settings),
  ).fix;
  const related = offerRanges.get(alternative.offer.id);
  return {
    code: FINDING_CODES.aboveBreakEven,
    severity: 'warning',
    message:
      `\`${chosen.offer.id}\` is above break-even at ${formatCount(workload.volume)} ${unitWords(workload.unit).plural}/mo: ${formatMonthly(now)} (${describeBreakdown(chosen)}${share}) ` +
      `vs ${formatMonthly(alternative.totalMicros)} on \`${alternative.offer.id}\` (${describeBreakdown(alternative)}); save ${formatMonthly(savings)}, ${formatPercent(savings / now)}${engineeringClause(move, chosen, alternative)}. ` +
      describeBreakEven(crossing, workload) +
      assumedApiSpeed(workload, alternative, report.catalog),
    range: workload.ranges.provider!,
    related: [
      {
        message: `${move ? 'The plan moves it to' : 'Cheapest eligible'}: ${alternative.offer.id} at ${formatMonthly(alternative.totalMicros)} (${alternative.offer.billing}, ${formatRate(alternative.details.rate)})`,
        ...(related ? { range: related } : {}),
      },
    ],
    ...(fix ? { fix: withFirst(fix, alternative) } : {}),
  };
}

/** Where a move's part of the plan counts engineering, the one clause that says so. */
/** A per-token API's speed for a text target is the catalog's assumption, not a figure of its own: say so. */
function assumedApiSpeed(workload: Workload, alternative: PricedOption, catalog: Catalog): string {
  const text = workload.text;
  if (alternative.offer.billing !== 'per_token' || !text) return '';
  if (text.ttftSeconds === undefined && text.outputTokensPerSecond === undefined) return '';
  const floor = catalog.assumptions.hosted_text_api;
  return ` Its speed is assumed, not known: hosted APIs are taken to serve ${floor.output_tokens_per_second} tokens/s and a first token within ${floor.ttft_seconds} s; measure \`${alternative.offer.id}\` against your target before moving.`;
}

function engineeringClause(move: PlanMove | undefined, chosen: PricedOption, to: PricedOption): string {
  if (!move || (move.freedMicros < 10_000 && move.paidMicros < 10_000)) return '';
  const parts = [`${formatMonthly(chosen.computeMicros - to.computeMicros)} compute`];
  if (move.freedMicros >= 10_000)
    parts.push(`+ ${formatMonthly(move.freedMicros)} of ${providerOf(move.from)}'s engineering no longer paid`);
  if (move.paidMicros >= 10_000)
    parts.push(
      `− ${formatMonthly(move.paidMicros)}, its share of the ${formatMonthly(to.overheadMicros)} engineering for ${providerOf(move.to)} the plan starts paying`,
    );
  return ` (${parts.join(' ')})`;
}

/** The plan's offer first among a fix's alternatives. */
function withFirst(fix: NonNullable<Finding['fix']>, first: PricedOption): NonNullable<Finding['fix']> {
  if (fix.kind !== 'switch-provider') return fix;
  const rest = fix.alternatives.filter((a) => a.offer !== first.offer.id);
  return { ...fix, alternatives: [{ offer: first.offer.id, monthlyMicros: first.totalMicros }, ...rest] };
}

/** A switch-provider fix to the cheapest eligible offers that pass `worth` (none when no offer does). */
function cheapestSwitch(w: WorkloadReport, worth: (o: PricedOption) => boolean): Pick<Finding, 'fix'> {
  const offers = w.options.filter((o) => o.eligible && o !== w.chosen && worth(o)).slice(0, FIX_ALTERNATIVES);
  if (offers.length === 0) return {};
  return { fix: switchFix(w, offers) };
}

/** Switch to these offers: the value of `provider:`, or a new `provider:` line where the workload has none. */
function switchFix(w: WorkloadReport, offers: readonly PricedOption[]): NonNullable<Finding['fix']> {
  const { ranges, providerUndeclared } = w.workload;
  return {
    kind: 'switch-provider',
    alternatives: offers.map((o) => ({ offer: o.offer.id, monthlyMicros: o.totalMicros })),
    ...(providerUndeclared ? { newLineAfter: (ranges.model ?? ranges.item).end } : {}),
  };
}

/**
 * A workload without `provider:` is a planning question (issue 33): it is priced on the cheapest eligible offer
 * (engine/undeclared.ts), said here with the next ones, and the fix writes the choice down.
 */
function noProvider(w: WorkloadReport): Finding | undefined {
  const { workload, chosen } = w;
  if (!workload.providerUndeclared) return undefined;
  const count = w.options.length + w.leftOut.reduce((sum, [, n]) => sum + n, 0);
  const over = `priced over the ${formatCount(count)} offer${count === 1 ? '' : 's'} that may serve \`${workload.model}\``;
  const next = w.options.filter((o) => o.eligible && o !== chosen).slice(0, 2);
  const then = next.length
    ? ` (then ${next.map((o) => `\`${o.offer.id}\` ${formatMonthly(o.totalMicros)}`).join(', ')})`
    : '';
  const message = chosen.eligible
    ? `No \`provider:\`: ${over}, the cheapest eligible is \`${chosen.offer.id}\` at ${formatMonthly(w.totalMicros)}${then}; the file's total assumes it. Add \`provider:\` to choose.`
    : chosen.priced
      ? `No \`provider:\`, and none of the ${formatCount(count)} offers that may serve \`${workload.model}\` is eligible: priced on \`${chosen.offer.id}\` at ${formatMonthly(w.totalMicros)}, the cheapest that runs it; the file's total assumes it.`
      : `No \`provider:\`, and none of the ${formatCount(count)} offers that may serve \`${workload.model}\` can run it: it has no cost. Declare an offer that runs it under \`offers:\`.`;
  return {
    code: FINDING_CODES.noProvider,
    severity: 'info',
    message,
    range: workload.ranges.provider ?? workload.ranges.item,
    ...(chosen.priced ? { fix: switchFix(w, [chosen, ...next]) } : {}),
  };
}

const PLACEHOLDER_WORDS = {
  volume: 'images a month',
  requests: 'requests a month',
  input_tokens: 'prompt tokens a request',
  output_tokens: 'output tokens a request',
} as const;

/**
 * Figures `inference-cost scan` could not tell and wrote as placeholders: priced as written, and said at the first
 * of them (the others as related places) until the file's author sets them or imports a request log.
 */
function placeholderFigures({ workload }: WorkloadReport): Finding | undefined {
  const fields = workload.placeholders ?? [];
  const first = fields[0];
  if (!first) return undefined;
  const what = first === 'volume' || first === 'requests' ? 'Volume' : 'Tokens';
  const value = (field: (typeof fields)[number]) =>
    field === 'input_tokens'
      ? workload.text?.inputTokens
      : field === 'output_tokens'
        ? workload.text?.outputTokens
        : workload.volume;
  const others = fields.slice(1);
  return {
    code: FINDING_CODES.placeholderFigure,
    severity: 'warning',
    message:
      `${what} not known: set it, or import a request log (\`inference-cost usage import <log> --workload ${workload.name} --write\`). ` +
      `\`${first}: ${value(first)}\` (${PLACEHOLDER_WORDS[first]}) is a placeholder \`inference-cost scan\` wrote${others.length ? `, and so ${others.length === 1 ? 'is' : 'are'} ${others.map((f) => `\`${f}\``).join(', ')}` : ''}: the cost is for ${fields.length === 1 ? 'that figure' : 'those figures'}.`,
    range: workload.ranges[first] ?? workload.ranges.item,
    related: others.map((f) => ({
      message: `\`${f}: ${value(f)}\` is a placeholder too`,
      ...(workload.ranges[f] ? { range: workload.ranges[f] } : {}),
    })),
  };
}

export function isMeaningfulSaving(savingsMicros: number, chosenMicros: number, settings: EngineSettings): boolean {
  return (
    savingsMicros > 0 &&
    savingsMicros > (chosenMicros * settings.breakEvenPercent) / 100 &&
    savingsMicros > settings.breakEvenUsd * 1e6
  );
}

function spotOnLatencyCritical({ workload, chosen }: WorkloadReport): Finding | undefined {
  if (!workload.spot || workload.latencySloSeconds === undefined || !chosen.details.rate.spot) return undefined;
  return {
    code: FINDING_CODES.spotLatencyCritical,
    severity: 'warning',
    message: `Spot capacity on a latency-critical workload (target ${workload.latencySloSeconds} s): spot GPUs are reclaimed with 30-60 s notice, and requests in flight fail.`,
    range: workload.ranges.spot ?? workload.ranges.provider!,
  };
}

/** `spot: true` where the chosen offer has no spot price: said, not silently priced on demand. */
function spotUnavailable({ workload, chosen }: WorkloadReport): Finding | undefined {
  if (!workload.spot || chosen.offer.spot_usd_per_hour !== undefined) return undefined;
  return {
    code: FINDING_CODES.spotUnavailable,
    severity: 'warning',
    message: `\`spot: true\`, but \`${chosen.offer.id}\` has no spot price: it is priced on demand (${formatRate(chosen.details.rate)}).`,
    range: workload.ranges.spot ?? workload.ranges.provider!,
  };
}

function lowUtilization(
  { workload, chosen, cheapestAlternative }: WorkloadReport,
  report: PricedReport,
): Finding | undefined {
  const threshold = report.catalog.assumptions.thresholds.low_utilization;
  const { utilization, gpus, paidHours } = chosen.details;
  if (!chosen.priced || gpus === undefined || utilization === undefined || utilization >= threshold || gpus === 0)
    return undefined;
  // Idle hours on the cheapest eligible option are the price of the traffic, not advice: nothing else costs less.
  if (chosen.eligible && (!cheapestAlternative || cheapestAlternative.totalMicros >= chosen.totalMicros))
    return undefined;
  // A fleet that misses its latency target needs more spare capacity, not less: the latency finding says so.
  if (chosen.reasons.some((r) => r.kind === 'latency')) return undefined;
  const perReplica = chosen.offer.gpus_per_replica ?? 1;
  const unit = chosen.offer.billing === 'dedicated' ? 'replica' : 'GPU';
  const held =
    perReplica > 1
      ? `${gpus} replica${gpus === 1 ? '' : 's'} of ${perReplica} GPUs`
      : `${gpus} ${unit}${gpus === 1 ? '' : 's'}`;
  return {
    code: FINDING_CODES.lowUtilization,
    severity: 'warning',
    message: `\`${chosen.offer.id}\` is busy ${busyShare(utilization, threshold)} of the ${formatCount((paidHours ?? 0) * perReplica)} ${unit}-hours paid (up to ${held}); renting pays off above ${formatPercent(threshold)}.`,
    range: workload.ranges.provider!,
  };
}

/** "42%", or "59.9%" where the whole percent would read as the threshold itself. */
function busyShare(utilization: number, threshold: number): string {
  const whole = formatPercent(utilization);
  return whole === formatPercent(threshold) ? `${(Math.floor(utilization * 1000) / 10).toFixed(1)}%` : whole;
}

function stalePrice({ workload, chosen }: WorkloadReport): Finding | undefined {
  // A retired offer's error already says it cannot be bought: its price's age is beside the point.
  if (!chosen.stale || chosen.offer.retired) return undefined;
  const age = chosen.priceAgeDays;
  const why =
    age === null
      ? 'has no verification date'
      : age < 0
        ? `is dated ${chosen.offer.verified}, in the future`
        : `was verified ${age} days ago (${chosen.offer.verified})`;
  return {
    code: FINDING_CODES.stalePrice,
    severity: 'info',
    message: `The price of \`${chosen.offer.id}\` (${priceWords(chosen)}) ${why}; check it at its source (${chosen.offer.source}) or override it under \`offers:\`.`,
    range: workload.ranges.provider!,
  };
}

/** The chosen offer's price in its unit, for a sentence: "no public price" where it has none. */
function priceWords({ offer, details }: PricedOption): string {
  if (awaitsQuote(offer)) return 'no public price';
  return offer.billing === 'per_token' ? offerRate(offer) : formatRate(details.rate);
}

function overBudget(w: WorkloadReport): Finding | undefined {
  if (w.workload.budgetUsdPerMonth === undefined) return undefined;
  const budget = Math.round(w.workload.budgetUsdPerMonth * 1e6);
  if (w.totalMicros <= budget) return undefined;
  return {
    code: FINDING_CODES.overBudget,
    severity: 'warning',
    message: `${formatMonthly(w.totalMicros)} is over this workload's budget of ${formatMonthly(budget)} by ${formatUsd(w.totalMicros - budget)}.`,
    range: w.workload.ranges.budget_usd_per_month ?? w.workload.ranges.item,
  };
}
