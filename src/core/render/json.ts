import { microsToCentsUsd } from '../money';
import type { Breakdown, FilePlan, PricedOption, TokenTerms, WorkloadReport } from '../report';
import type { Workload } from '../format/model';
import { awaitsQuote } from '../catalog/offers';
import { bestOfEachProvider } from '../engine/options';
import { moveOf } from '../engine/plan';
import { formatRate, estimatedParts, priceOrigin, tokensPerMonth, usdPerMillionTokens } from './words';
import { placeFinding, type FileReport, type PlacedFinding } from './fileReport';

/** A breakdown in dollars, under the JSON's names, in the order of BREAKDOWN_PARTS. */
function breakdownJson(b: Breakdown): Record<string, number> {
  return {
    busy: microsToCentsUsd(b.busy),
    idle: microsToCentsUsd(b.idle),
    cold_starts: microsToCentsUsd(b.coldStarts),
    warm: microsToCentsUsd(b.warm),
    unused: microsToCentsUsd(b.unused),
    startup: microsToCentsUsd(b.startup),
    overhead: microsToCentsUsd(b.overhead),
  };
}

/**
 * The JSON output is a public interface (README, "JSON output"): add fields freely; a field renamed, removed or
 * changed in meaning bumps this version.
 */
export const JSON_VERSION = 6;

/**
 * Which options a workload lists: 'lean' (the default) the chosen offer, the cheapest eligible offer of each provider
 * and billing model, and the offer the file's plan moves it to; 'all' (--all-options) every offer priced.
 */
export type OptionsListed = 'lean' | 'all';

/** The JSON output of `check` as one value. */
export function toJson(files: FileReport[], listed: OptionsListed = 'lean'): Record<string, unknown> {
  const rates = new Map<string, string>();
  return {
    ...summaryJson(files, listed),
    workloads: files.flatMap((file) => file.report.workloads.map((w) => workloadJson(file, w, rates, listed))),
    findings: fileFindingsJson(files),
  };
}

/**
 * The same JSON as toJson's, compact, in lines: the summary, then a line a workload, then the file-level findings.
 * 1,000 workloads make 36 MB of it; built and written a workload at a time it is never one string nor one tree of
 * objects (0.1 s of the 1.6 s that file took), and a reader can follow it line by line.
 */
export function* jsonLines(files: FileReport[], listed: OptionsListed = 'lean'): Generator<string> {
  const rates = new Map<string, string>();
  const summary = JSON.stringify(summaryJson(files, listed));
  // The summary's closing brace comes after the workloads and findings.
  yield `${summary.slice(0, -1)},"workloads":[`;
  const workloads = files.flatMap((file) => file.report.workloads.map((w) => ({ file, w })));
  for (const [i, { file, w }] of workloads.entries())
    yield JSON.stringify(workloadJson(file, w, rates, listed)) + (i < workloads.length - 1 ? ',' : '');
  yield `],"findings":${JSON.stringify(fileFindingsJson(files))}}`;
}

/** The version, each file's totals and the total of all of them: what the JSON starts with. */
function summaryJson(files: FileReport[], listed: OptionsListed): Record<string, unknown> {
  return {
    json_version: JSON_VERSION,
    kind: 'check',
    // json_version 6: which options each workload lists (OptionsListed).
    options_listed: listed,
    catalog: catalogJson(files),
    files: files.map((file) => ({
      path: file.path,
      usable: !file.report.fatal,
      monthly_usd: microsToCentsUsd(file.report.totals.totalMicros),
      compute_usd: microsToCentsUsd(file.report.totals.computeMicros),
      overhead_usd: microsToCentsUsd(file.report.totals.overheadMicros),
      unpriced_workloads: file.report.totals.unpriced,
      // Added under json_version 6: workloads without `provider:`, counted on their cheapest eligible offer.
      assumed_workloads: file.report.totals.assumed,
      overhead: file.report.totals.overhead.map((o) => ({
        provider: o.provider,
        operating_model: o.operating,
        ...(o.model ? { model: o.model } : {}),
        monthly_usd: microsToCentsUsd(o.micros),
        workloads: o.workloads,
        shares: o.shares.map((s) => ({ workload: s.name, monthly_usd: microsToCentsUsd(s.micros) })),
      })),
      ...(file.report.budget ? { budget_usd: microsToCentsUsd(file.report.budget.micros) } : {}),
      ...(file.report.plan ? { plan: planJson(file.report.plan) } : {}),
    })),
    monthly_usd: microsToCentsUsd(files.reduce((sum, f) => sum + f.report.totals.totalMicros, 0)),
  };
}

/** The file's plan: every move with what it adds to the saving, the month before and after, and how sure. */
function planJson(plan: FilePlan): Record<string, unknown> {
  return {
    moves: plan.moves.map((m) => ({
      workload: m.workload,
      from: m.from,
      to: m.to,
      saving_usd: microsToCentsUsd(m.savingMicros),
      // json_version 5: the part of saving_usd that is engineering freed (positive) or newly paid (negative).
      engineering_usd: microsToCentsUsd(m.engineeringMicros),
      // Its two parts: engineering the plan no longer pays, and this move's share of engineering it starts paying.
      engineering_freed_usd: microsToCentsUsd(m.freedMicros),
      engineering_paid_usd: microsToCentsUsd(m.paidMicros),
    })),
    current_usd: microsToCentsUsd(plan.currentMicros),
    plan_usd: microsToCentsUsd(plan.planMicros),
    exact: plan.exact,
    lower_bound_usd: microsToCentsUsd(plan.lowerBoundMicros),
  };
}

/** File-level findings, then (added under json_version 6) those of a file in its code: drift, `file` the code's path. */
function fileFindingsJson(files: FileReport[]): Record<string, unknown>[] {
  return files.flatMap((file) => [
    ...file.report.findings.map((f) => findingJson(placeFinding(file, f))),
    ...(file.elsewhere ?? []).map(findingJson),
  ]);
}

function workloadJson(
  file: FileReport,
  w: WorkloadReport,
  rates: Map<string, string>,
  listed: OptionsListed,
): Record<string, unknown> {
  return {
    file: file.path,
    name: w.workload.name,
    model: w.workload.model,
    unit: w.workload.unit,
    volume: w.workload.volume,
    ...textDemandJson(w.workload),
    chosen: w.chosen.offer.id,
    // Added under json_version 6: false where the file has no `provider:` and `chosen` is the cheapest eligible offer.
    provider_declared: !w.workload.providerUndeclared,
    monthly_usd: microsToCentsUsd(w.totalMicros),
    overhead_share_usd: microsToCentsUsd(w.overheadShareMicros),
    options: listedOptions(w, file.report.plan, listed).map((o) => optionJson(o, w.workload, rates)),
    // json_version 6: how many offers were priced for the workload, listed or not.
    options_priced: w.options.length + w.leftOut.reduce((sum, [, n]) => sum + n, 0),
    traffic: w.workload.traffic,
    break_even: w.breakEvens.map((b) => ({
      offer: b.offer,
      volume: b.volume,
      crossings: b.crossings,
      cheaper_below: b.cheaperBelow,
      not_eligible_at: b.notEligibleAt,
      why_not: b.whyNot?.reasons,
      eligible_where: b.eligibleWhere,
      tokens: !w.workload.text ? undefined : b.volume === null ? null : tokensPerMonth(b.volume, w.workload),
    })),
    ...(w.warmWorker
      ? {
          one_more_warm_worker: {
            monthly_usd: microsToCentsUsd(w.warmWorker.extraMicros),
            cold_starts_avoided: Math.round(w.warmWorker.coldStartsAvoided),
          },
        }
      : {}),
    sensitivity: (w.sensitivity ?? []).map((s) => ({
      factor: s.factor,
      volume: s.volume,
      chosen_usd: microsToCentsUsd(s.chosenMicros),
      cheapest: s.cheapest ? { offer: s.cheapest.offer, monthly_usd: microsToCentsUsd(s.cheapest.micros) } : null,
    })),
    findings: w.findings.map((f) => findingJson(placeFinding(file, f))),
  };
}

/** The options a workload lists, in rank order (OptionsListed). */
export function listedOptions(w: WorkloadReport, plan: FilePlan | undefined, listed: OptionsListed): PricedOption[] {
  if (listed === 'all') return w.options;
  const target = moveOf(plan, w.workload.index)?.to;
  const shown = new Set([w.chosen, ...bestOfEachProvider(w.options, w.chosen)]);
  return w.options.filter((o) => shown.has(o) || o.offer.id === target);
}

/** A text workload's requests and tokens (volume is its requests too). */
function textDemandJson(workload: Workload): Record<string, unknown> {
  const text = workload.text;
  if (!text) return {};
  return {
    requests: workload.volume,
    input_tokens: text.inputTokens,
    output_tokens: text.outputTokens,
    cached_input_share: text.cachedInputShare,
  };
}

function rounded(x: number | undefined, scale: number): number | undefined {
  return x === undefined ? undefined : Math.round(x * scale) / scale;
}

/**
 * One option. Every field is always set, undefined where it does not apply (JSON leaves those out): one shape for
 * 57,000 objects in a 1,000-workload file, where spreading the text fields in made building them slow.
 */
function optionJson(o: PricedOption, workload: Workload, rates: Map<string, string>): Record<string, unknown> {
  const text = workload.unit === 'request';
  const serving = o.details.speed?.text;
  const perMTok = text && o.priced ? usdPerMillionTokens(o.totalMicros, workload) : null;
  return {
    offer: o.offer.id,
    billing: o.offer.billing,
    tier: o.offer.tier,
    operating_model: o.offer.operating,
    estimate: estimatedParts(o).length > 0,
    // json_version 5: what is estimated, 'price' and/or 'speed'.
    estimated: estimatedParts(o),
    // null where the offer cannot run the model at all: there is no price to show.
    monthly_usd: o.priced ? microsToCentsUsd(o.totalMicros) : null,
    compute_usd: o.priced ? microsToCentsUsd(o.computeMicros) : null,
    overhead_usd: o.priced ? microsToCentsUsd(o.overheadMicros) : null,
    usd_per_image: !text && o.priced && o.perImageMicros !== null ? Math.round(o.perImageMicros) / 1e6 : null,
    usd_per_1k_requests: !text
      ? undefined
      : o.priced && o.perImageMicros !== null
        ? Math.round(o.perImageMicros * 1000) / 1e6
        : null,
    usd_per_million_tokens: !text ? undefined : perMTok === null ? null : Math.round(perMTok * 1e4) / 1e4,
    concurrency: text ? serving?.concurrency : undefined,
    // json_version 4: per request, as the workload's field of the same name; the replica's whole rate beside it.
    output_tokens_per_second: text && serving ? Math.round(serving.throughput / serving.concurrency) : undefined,
    replica_output_tokens_per_second: text && serving ? Math.round(serving.throughput) : undefined,
    gpu_seconds_per_request: text && serving ? Math.round(serving.gpuSecondsPerRequest * 1000) / 1000 : undefined,
    ttft_seconds: text && serving ? Math.round(serving.ttftSeconds * 1000) / 1000 : undefined,
    eligible: o.eligible,
    why_not: o.eligible ? undefined : o.reasons.map((r) => r.text),
    // An offer with no public price has no rate: null, never "$0/image".
    rate: awaitsQuote(o.offer) ? null : rateText(o.details.rate, rates),
    breakdown_usd: o.priced ? breakdownJson(o.breakdown) : null,
    // json_version 5: whole GPUs; replicas (of gpus_per_replica GPUs each) beside them.
    replicas: o.details.gpus,
    gpus: o.details.gpus === undefined ? undefined : o.details.gpus * (o.offer.gpus_per_replica ?? 1),
    utilization: rounded(o.details.utilization, 1000),
    cold_starts: rounded(o.details.coldStarts, 1),
    cold_start_share: rounded(o.details.coldShare, 10_000),
    scales_ahead: o.details.scalesAhead,
    headroom: rounded(o.details.headroom, 1000),
    seconds_per_image: !text && o.details.speed ? Math.round(o.details.speed.perImage * 1000) / 1000 : null,
    speed_basis: o.details.speed?.basis ?? null,
    gpus_per_replica: o.offer.gpus_per_replica,
    token_terms: tokenTermsJson(o.details.tokens),
    // json_version 3: `source` and `verified` are `price_source` and `price_date` (the same values).
    price_source: o.offer.source,
    price_date: o.offer.verified,
    price_origin: priceOrigin(o.offer),
    stale: o.stale,
  };
}

/** How a per-token offer's caching and batch terms priced the requests (shares of the input tokens). */
function tokenTermsJson(terms: TokenTerms | undefined): Record<string, unknown> | undefined {
  if (!terms) return undefined;
  return {
    cached_input_share: terms.cachedShare,
    cache_write_share: terms.writtenShare,
    cache_write_usd_per_million_tokens: terms.writeUsdPerMTok,
    under_cache_minimum_tokens: terms.underCacheMinimum,
    batch_discount: terms.batchDiscount,
  };
}

/** The price sources behind a run, with their dates and where their data came from; and each file's own offers. */
export function catalogJson(files: FileReport[]): Record<string, unknown> {
  const catalog = files.find((f) => f.report.catalog)?.report.catalog;
  return {
    sources: (catalog?.sources ?? []).map((s) => ({
      id: s.id,
      name: s.name,
      ...(s.part ? { part: s.part } : {}),
      origin: s.origin,
      date: s.date,
      from: s.from,
      offers: s.offers,
      ...(s.corrected ? { corrected: s.corrected } : {}),
      ...(s.problem ? { problem: s.problem } : {}),
    })),
    overrides: files
      .filter((f) => (f.report.model?.fileOffers.length ?? 0) > 0)
      .map((f) => ({ file: f.path, origin: 'override', offers: f.report.model!.fileOffers.map((o) => o.id) })),
  };
}

/** A rate in words, formatted once per distinct rate of the output: the same few recur across every workload. */
function rateText(rate: PricedOption['details']['rate'], rates: Map<string, string>): string {
  const key = `${rate.usd} ${rate.per} ${rate.spot}`;
  let text = rates.get(key);
  if (text === undefined) rates.set(key, (text = formatRate(rate)));
  return text;
}

function findingJson(f: PlacedFinding): Record<string, unknown> {
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    file: f.path,
    line: f.line,
    column: f.column,
    end_line: f.endLine,
    end_column: f.endColumn,
  };
}
