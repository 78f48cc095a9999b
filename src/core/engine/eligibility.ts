import type { Catalog, Offer } from '../catalog/types';
import type { Workload } from '../format/model';
import type { Reason } from '../report';
import { awaitsQuote } from '../catalog/offers';
import { callRate, perCallPrice, perRequestTokenPrice, type Bill, type BillInput } from './billing';
import { queueOf, unitsMeetingTarget } from './billing/sizing';
import {
  largestBatchThatFits,
  memoryNeededGb,
  textMemoryFit,
  USABLE_VRAM,
  type EffectiveSpeed,
  type TextServing,
} from './speed';

/**
 * Why an offer is not eligible for a workload, in one place: it cannot run it at all (retired, awaiting a quote, the
 * wrong model, no GPU, too little memory), its capacity tier does not suit the traffic, or it misses a latency target.
 */

/** Reasons an offer cannot run a workload at all, whatever its volume or batch. */
export const CANNOT_RUN = new Set<Reason['kind']>(['model', 'gpu', 'quote', 'retired']);

/** Problems that do not depend on volume: the offer serves the model, knows its GPU, and the batch fits in memory. */
export function fixedReasons(catalog: Catalog, { offer, workload, speed }: Omit<BillInput, 'volume'>): Reason[] {
  if (offer.retired)
    return [
      {
        kind: 'retired',
        text: `was retired by its provider on ${offer.retired.date}; use ${offer.retired.replacement}`,
      },
    ];
  if (awaitsQuote(offer)) {
    return [
      {
        kind: 'quote',
        text: 'has no public price: add your quote under offers: (usd_per_image, usd_per_second or usd_per_hour) to price it',
      },
    ];
  }
  if (offer.billing === 'per_call') {
    const price = perCallPrice(offer, workload, catalog.models.get(workload.model), catalog.assumptions);
    return 'reason' in price ? [{ kind: 'model', text: price.reason }] : [];
  }
  if (offer.billing === 'per_token' && perRequestTokenPrice(offer, workload) === undefined)
    return [{ kind: 'model', text: `does not serve ${workload.model}` }];
  if (offer.billing === 'per_token') return [];
  if (!offer.gpu || !catalog.gpus.has(offer.gpu))
    return [{ kind: 'gpu', text: `unknown GPU ${offer.gpu ?? '(none)'}` }];
  if (workload.unit === 'request') return textModelReasons(catalog, workload, offer, speed);
  if (!speed) return [{ kind: 'model', text: `no speed for ${workload.model} on ${offer.gpu}` }];
  const needed = memoryNeededGb(catalog, workload) ?? 0;
  const vram = catalog.gpus.get(offer.gpu)!.vram_gb;
  if (needed <= vram) return [];
  const fits = largestBatchThatFits(catalog, workload, offer.gpu);
  const text =
    fits === 0
      ? `${workload.model} needs more than ${offer.gpu}'s ${vram} GB`
      : `batch of ${workload.batchSize} needs ${round1(needed)} GB, ${offer.gpu} has ${vram} GB (fits ${fits})`;
  return [{ kind: 'memory', text, ...(fits === 0 ? { runsNowhere: true } : {}) }];
}

/** A text model runs on a GPU offer when its weights and one request's KV cache fit, and it has a speed there. */
function textModelReasons(
  catalog: Catalog,
  workload: Workload,
  offer: Offer,
  speed: EffectiveSpeed | undefined,
): Reason[] {
  const model = catalog.models.get(workload.model);
  if (model?.kind !== 'text' || !model.text)
    return [{ kind: 'model', text: `${workload.model} is served only through APIs (no architecture to self-host it)` }];
  const gpus = offer.gpus_per_replica ?? 1;
  const gpu = catalog.gpus.get(offer.gpu!)!;
  const fit = textMemoryFit(model.text, workload.text!, gpu, gpus);
  const where = `${gpus > 1 ? `${gpus}x ` : ''}${gpu.id}`;
  if (fit.requests < 1) {
    const needed = fit.weightsGb + fit.kvGbPerRequest;
    const replicas = Math.ceil(needed / (gpu.vram_gb * USABLE_VRAM));
    return [
      {
        kind: 'memory',
        text: `${workload.model} needs ${round1(needed)} GB (weights ${round1(fit.weightsGb)} GB + one request's KV cache), ${where} has ${round1(fit.usableGb)} GB usable: it needs ${replicas} or more ${gpu.id} GPUs in one replica`,
        runsNowhere: true,
      },
    ];
  }
  if (!speed) return [{ kind: 'model', text: `no speed for ${workload.model} on ${where}` }];
  return [];
}

/**
 * Whether the offer can be bought, and on what capacity: an offer its provider does not list is priced where a file
 * names it but never advised; marketplace capacity is not offered to interactive traffic unless the workload allows it.
 */
export function tierReasons({ offer, workload }: Omit<BillInput, 'volume'>): Reason[] {
  if (offer.unlisted) return [{ kind: 'unlisted', text: `${offer.unlisted}: priced as named, never advised` }];
  if (offer.tier !== 'marketplace' || workload.serving !== 'interactive' || workload.allowMarketplace) return [];
  return [
    {
      kind: 'tier',
      text: 'marketplace capacity (community hosts; replacing one can take 15-60 min) for interactive traffic; allow_marketplace: true to consider it',
    },
  ];
}

/** A latency target is the one reason that changes with volume (queues, cold starts and start-ups all do). */
export function hasLatencyTarget(workload: Workload): boolean {
  const text = workload.text;
  return (
    workload.latencySloSeconds !== undefined ||
    text?.ttftSeconds !== undefined ||
    text?.outputTokensPerSecond !== undefined
  );
}

/** A latency target is a p99: a call must meet it, and so must a cold start once more than 1 % of calls see one. */
export function latencyReason(input: BillInput, monthly: Bill): Reason | undefined {
  const unchecked = uncheckedApiSpeed(input);
  if (unchecked) return unchecked;
  const slo = input.workload.latencySloSeconds;
  const speed = input.speed;
  if (speed?.text) {
    const textReason = textLatencyReason(input, speed.text, monthly);
    if (textReason) return textReason;
  }
  if (slo === undefined || !speed) return undefined;
  if (speed.perBatch > slo)
    return { kind: 'latency', text: `a call takes ~${round1(speed.perBatch)} s, over the ${slo} s target` };
  return coldStartLatency(input, monthly, speed.perBatch, slo, 'calls', '') ?? queueingLatency(input, monthly);
}

/**
 * A per-token API publishes no speed the catalog holds: it is taken to serve what hosted APIs do at least
 * (assumptions.json `hosted_text_api`, an estimate). A text target stricter than that cannot be checked there, so the
 * API is not advised over the chosen offer (priced all the same); a looser one is met, and the advice says it assumed.
 */
function uncheckedApiSpeed({ offer, workload, isChosen, assumptions }: BillInput): Reason | undefined {
  const text = workload.text;
  if (offer.billing !== 'per_token' || isChosen || !text) return undefined;
  const floor = assumptions.hosted_text_api;
  const targets = [
    text.ttftSeconds !== undefined && text.ttftSeconds < floor.ttft_seconds
      ? `${text.ttftSeconds} s to the first token`
      : '',
    text.outputTokensPerSecond !== undefined && text.outputTokensPerSecond > floor.output_tokens_per_second
      ? `${text.outputTokensPerSecond} output tokens/s`
      : '',
  ].filter(Boolean);
  if (targets.length === 0) return undefined;
  return {
    kind: 'latency',
    text: `its speed is not in the catalog: the ${targets.join(' and ')} target, stricter than hosted APIs are taken to serve (${floor.output_tokens_per_second} tokens/s, first token within ${floor.ttft_seconds} s), cannot be checked on it`,
  };
}

/**
 * Rented GPUs and endpoint replicas are a fixed number of units in an hour: a call that finds every slot busy waits
 * (queueing.ts). At the busiest hour's load the slowest 1 % of calls must still meet the target. Fleets are sized to
 * it (billing/sizing.ts) but where the file holds the chosen offer's utilization.
 */
function queueingLatency(input: BillInput, monthly: Bill): Reason | undefined {
  const { offer, profile } = input;
  const units = monthly.details.gpus;
  const fleet = offer.billing === 'per_hour' || offer.billing === 'dedicated';
  const call = queueOf(input);
  if (!fleet || !call || profile.batchWindowHours !== undefined || !units) return undefined;
  const { holds, slots, before, target } = call;
  const rate = callRate(input, profile.peak);
  const wait = call.wait(rate, units);
  if (before + wait <= target) return undefined;
  const what = (n: number) =>
    `${n} ${offer.billing === 'dedicated' || slots > 1 ? 'replica' : 'GPU'}${n > 1 ? 's' : ''}`;
  const load = (rate * holds) / slots;
  const enough = unitsMeetingTarget(call, rate, units + 1);
  // The fleet holds ⌈load / utilization⌉ units in the busiest hour: load / enough holds exactly enough (shown rounded
  // up, so it never holds fewer), and any lower utilization more.
  const fix =
    enough === undefined
      ? 'no number of units would meet it'
      : `${what(enough)} would meet it (\`utilization: ${Math.ceil((load / enough) * 1000) / 1000}\` or lower)`;
  const free = call.who === 'requests' ? 'a free slot' : 'a free one';
  const waiting =
    wait === Infinity
      ? `${call.who} come faster than they finish`
      : `1% of ${call.who} wait ${round1(wait)} s or more for ${free} (${round1(before + wait)} s${call.waitingFor}, over the ${target} s target)`;
  return {
    kind: 'latency',
    text: `at the busiest hour's load (${formatShare(load / units)} of ${what(units)}) ${waiting}; ${fix}`,
  };
}

/** Text targets: each request's output speed at the GPU's concurrency, and time to first token with cold starts. */
function textLatencyReason(input: BillInput, text: TextServing, monthly: Bill): Reason | undefined {
  const demand = input.workload.text!;
  const perRequest = text.throughput / text.concurrency;
  if (demand.outputTokensPerSecond !== undefined && perRequest < demand.outputTokensPerSecond)
    return {
      kind: 'latency',
      text: `a request sees ~${Math.round(perRequest)} output tokens/s, under the ${demand.outputTokensPerSecond} tokens/s target`,
    };
  const target = demand.ttftSeconds;
  if (target === undefined) return undefined;
  if (text.ttftSeconds > target)
    return {
      kind: 'latency',
      text: `the first token takes ~${round1(text.ttftSeconds)} s, over the ${target} s target`,
    };
  // A request holds one of the replica's concurrent slots for its prefill and its decode at the shared speed.
  return (
    coldStartLatency(input, monthly, text.ttftSeconds, target, 'requests', ' before the first token') ??
    queueingLatency(input, monthly)
  );
}

/**
 * Once more than 1 % of calls meet a cold start, the p99 wait is `seconds` plus the cold start: it must meet the
 * target too.
 */
function coldStartLatency(
  input: BillInput,
  monthly: Bill,
  seconds: number,
  target: number,
  who: 'calls' | 'requests',
  waitingFor: string,
): Reason | undefined {
  const { coldShare = 0, coldStartSeconds = 0 } = monthly.details;
  const waited = seconds + coldStartSeconds;
  if (coldShare <= input.assumptions.thresholds.cold_start_share_for_latency || waited <= target) return undefined;
  return {
    kind: 'latency',
    text: `${formatShare(coldShare)} of ${who} wait for a ${round1(coldStartSeconds)} s cold start${waitingFor} (${round1(waited)} s, over the ${target} s target)`,
  };
}

function formatShare(share: number): string {
  return share < 0.01 ? '<1%' : `${Math.round(share * 100)}%`;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
