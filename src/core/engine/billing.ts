import type { Assumptions, Offer } from '../catalog/types';
import type { Workload } from '../format/model';
import type { OptionDetails } from '../report';
import { keepAlivePool } from './keepAlive';
import type { EffectiveSpeed } from './speed';
import { HOURS_PER_WEEK, type LoadProfile } from './traffic';

/** A month of one offer for one workload, in dollars, before rounding and overhead. */
export interface Bill {
  busy: number;
  idle: number;
  coldStarts: number;
  warm: number;
  unused: number;
  startup: number;
  details: OptionDetails;
}

export interface BillInput {
  offer: Offer;
  workload: Workload;
  /** Images a month: the workload's volume, or a what-if or break-even volume. */
  volume: number;
  speed: EffectiveSpeed | undefined;
  profile: LoadProfile;
  assumptions: Assumptions;
  /** The chosen offer takes the workload's cold-start override; alternatives keep their own figures. */
  isChosen: boolean;
}

/** One pricing function per billing model (README, "How costs are computed"). */
export function bill(input: BillInput): Bill {
  switch (input.offer.billing) {
    case 'per_call':
      return perCall(input);
    case 'per_second':
      return perSecond(input);
    case 'per_hour':
      return input.workload.scaling === 'autoscale' ? perHourAutoscaled(input) : perHourAlwaysOn(input);
    case 'dedicated':
      return dedicated(input);
    case 'per_token':
      return perToken(input);
  }
}

const SECONDS_PER_HOUR = 3600;

/** The price an offer charges the workload, in its own unit. */
export function rateOf(input: BillInput): OptionDetails['rate'] {
  const { offer, workload } = input;
  switch (offer.billing) {
    case 'per_call':
      return { usd: perImagePrice(offer, workload.model) ?? 0, per: 'image', spot: false };
    case 'per_token':
      return { usd: perRequestTokenPrice(offer, workload) ?? 0, per: 'request', spot: false };
    case 'per_second':
      return { usd: usdPerSecond(offer), per: 's', spot: false };
    case 'per_hour': {
      const spot = usesSpot(input);
      return { usd: spot ? offer.spot_usd_per_hour! : (offer.usd_per_hour ?? 0), per: 'h', spot };
    }
    case 'dedicated':
      return { usd: offer.usd_per_hour ?? 0, per: 'h', spot: false };
  }
}

/** An offer that cannot run the workload bills nothing: its rate and speed alone, for the tables. */
export function noBill(input: BillInput): Bill {
  return billOf({ speed: input.speed, rate: rateOf(input) }, {});
}

/** Details with every field in one order (undefined where it does not apply), so every option has one shape. */
function detailsOf(d: OptionDetails): OptionDetails {
  return {
    speed: d.speed,
    rate: d.rate,
    gpus: d.gpus,
    paidHours: d.paidHours,
    busyHours: d.busyHours,
    gpuHours: d.gpuHours,
    utilization: d.utilization,
    coldStarts: d.coldStarts,
    coldStartSeconds: d.coldStartSeconds,
    coldShare: d.coldShare,
    warmWorkers: d.warmWorkers,
  };
}

/** A bill with the parts given and zero for the rest. */
function billOf(details: OptionDetails, parts: Partial<Omit<Bill, 'details'>>): Bill {
  return {
    busy: parts.busy ?? 0,
    idle: parts.idle ?? 0,
    coldStarts: parts.coldStarts ?? 0,
    warm: parts.warm ?? 0,
    unused: parts.unused ?? 0,
    startup: parts.startup ?? 0,
    details: detailsOf(details),
  };
}

/** Weeks in the month: a week's hourly figures times this is the month's. */
function weeksPerMonth(assumptions: Assumptions): number {
  return assumptions.hours_per_month / HOURS_PER_WEEK;
}

export function perImagePrice(offer: Offer, model: string): number | undefined {
  const price = offer.usd_per_image;
  if (typeof price === 'number') return !offer.models || offer.models.includes(model) ? price : undefined;
  return price?.[model];
}

export function coldStartSecondsFor(input: BillInput): number {
  const override = input.isChosen ? input.workload.coldStartSeconds : undefined;
  return override ?? input.offer.cold_start_seconds;
}

/** Calls a month: a call is one batch (one request for a text model). */
function callsPerMonth(input: BillInput): number {
  return input.volume / input.workload.batchSize;
}

/** Calls a second in an hour of the given weight. */
export function callRate(input: BillInput, weight: number): number {
  return (callsPerMonth(input) / input.assumptions.hours_per_month / SECONDS_PER_HOUR) * weight;
}

/** Per call: the price × images. Cold starts cost latency here, not money: the provider's pool keeps workers warm. */
function perCall(input: BillInput): Bill {
  const rate = rateOf(input);
  const busy = rate.usd * input.volume;
  // Cold starts here only decide a latency target: worked out where there is one.
  if (input.workload.latencySloSeconds === undefined) return billOf({ speed: input.speed, rate }, { busy });
  const keepWarm = input.offer.idle_timeout_seconds || input.assumptions.serverless.managed_keep_warm_seconds;
  const cold = serverlessMonth(input, keepWarm, 0);
  const { coldStarts, coldStartSeconds, coldShare } = coldDetails(input, cold);
  return billOf({ speed: input.speed, rate, coldStarts, coldStartSeconds, coldShare }, { busy });
}

/** $ per request of a text workload on a per-token offer: input (cached at its own price), output, batch discount. */
export function perRequestTokenPrice(offer: Offer, workload: Workload): number | undefined {
  const text = workload.text;
  if (!text || !offer.models?.includes(workload.model)) return undefined;
  const input = offer.usd_per_million_input_tokens ?? 0;
  const cached = offer.usd_per_million_cached_input_tokens ?? input;
  const output = offer.usd_per_million_output_tokens ?? 0;
  const perMillion =
    text.inputTokens * (1 - text.cachedInputShare) * input +
    text.inputTokens * text.cachedInputShare * cached +
    text.outputTokens * output;
  const discount = workload.traffic.kind === 'batch' ? (offer.batch_discount ?? 0) : 0;
  return (perMillion / 1e6) * (1 - discount);
}

/** Per token: a price per request from its tokens, × requests. The provider's pool keeps workers warm. */
function perToken(input: BillInput): Bill {
  const rate = rateOf(input);
  return billOf({ speed: input.speed, rate }, { busy: rate.usd * input.volume });
}

/** A per-second offer's rate, from its $/s or its $/h. */
export function usdPerSecond(offer: Offer): number {
  return offer.usd_per_second ?? (offer.usd_per_hour ?? 0) / SECONDS_PER_HOUR;
}

/** Always-warm workers of a per-second offer: their seconds a month, and what they cost at the warm rate. */
function warmWorkerMonth(input: BillInput): { workers: number; seconds: number; usd: number } {
  const workers = input.workload.minWorkers ?? 0;
  const seconds = workers * input.assumptions.hours_per_month * SECONDS_PER_HOUR;
  return { workers, seconds, usd: seconds * (input.offer.warm_usd_per_second ?? usdPerSecond(input.offer)) };
}

/**
 * Per second: busy seconds, the keep-alive idle after requests (where billed), the model load of each cold start
 * (where billed) and workers kept warm on purpose. Active-time-only offers pay busy seconds alone.
 */
function perSecond(input: BillInput): Bill {
  const { offer } = input;
  const rate = rateOf(input);
  const warm = warmWorkerMonth(input);
  const month = serverlessMonth(input, offer.idle_timeout_seconds, warm.workers);
  const coldSeconds = coldStartSecondsFor(input);
  const billedSeconds =
    month.busySeconds +
    (offer.bills_idle ? month.idleSeconds : 0) +
    (offer.bills_cold_start ? month.coldStarts * coldSeconds : 0) +
    warm.seconds;
  const cold = coldDetails(input, month);
  const details: OptionDetails = {
    speed: input.speed,
    rate,
    warmWorkers: warm.workers,
    gpuHours: billedSeconds / SECONDS_PER_HOUR,
    coldStarts: cold.coldStarts,
    coldStartSeconds: cold.coldStartSeconds,
    coldShare: cold.coldShare,
  };
  const usd = rate.usd;
  return billOf(details, {
    busy: month.busySeconds * usd,
    idle: offer.bills_idle ? month.idleSeconds * usd : 0,
    coldStarts: offer.bills_cold_start ? month.coldStarts * coldSeconds * usd : 0,
    warm: warm.usd,
  });
}

interface ServerlessMonth {
  /** Seconds busy on workers started for requests (beyond the always-warm ones). */
  busySeconds: number;
  idleSeconds: number;
  coldStarts: number;
  calls: number;
}

/** The keep-alive pool hour by hour (interactive), or one burst per window (batch). */
function serverlessMonth(input: BillInput, keepAlive: number, warmWorkers: number): ServerlessMonth {
  const service = input.speed?.occupancy ?? 0;
  const slots = input.speed?.slots ?? 1;
  const calls = callsPerMonth(input);
  const month =
    input.profile.batchWindowHours === undefined
      ? interactivePool(input, service, slots, keepAlive, warmWorkers)
      : batchBursts(input, service, keepAlive);
  const override = input.workload.coldStartsPerMonth;
  // Physical limits the approximations must not pass: an idle spell follows the end of a call and lasts at most the
  // keep-alive; a call starts at most one worker, and a worker it starts lives at least that call and a keep-alive.
  const idleSeconds = Math.min(month.idleSeconds, calls * keepAlive);
  const lifetime = inFlightSeconds(input) + keepAlive;
  const startsLived = lifetime > 0 ? (month.busySeconds + idleSeconds) / lifetime : Infinity;
  const coldStarts = Math.min(calls, override ?? Math.min(month.coldStarts, startsLived));
  return { busySeconds: month.busySeconds, idleSeconds, calls, coldStarts };
}

/** How long a request holds its place on a worker: a batch's time, or a text request's time alone. */
function inFlightSeconds(input: BillInput): number {
  const service = input.speed?.occupancy ?? 0;
  return (input.speed?.slots ?? 1) > 1 ? (input.speed?.perBatch ?? service) : service;
}

/**
 * How far a bill can fall as volume grows, as a factor f: for volumes v1 < v2, total(v1) ≤ (1 + f) × total(v2).
 * Only billed cold starts fall (more traffic keeps workers warm); everything else in a bill never does. A cold start
 * is held to one per lifetime of a worker (a call and a keep-alive) of its billed busy and idle seconds, which never
 * fall: the cold starts are at most c / lifetime of them, and f is that ratio (see README, "Break-even"). Where idle is
 * not billed nothing in the bill bounds the cold starts: Infinity. Batch bursts and a declared count never fall.
 */
export function fallFactor(input: BillInput): number {
  const { offer, workload } = input;
  if (offer.billing !== 'per_second' || !offer.bills_cold_start || input.profile.batchWindowHours !== undefined)
    return 0;
  const load = coldStartSecondsFor(input);
  if (load <= 0 || (input.isChosen && workload.coldStartsPerMonth !== undefined)) return 0;
  if (!offer.bills_idle) return Infinity;
  return load / (inFlightSeconds(input) + offer.idle_timeout_seconds);
}

/**
 * `service` is a call's GPU-seconds. Images: a call holds a worker for it. Text (`slots` requests at once on a
 * worker): a request is in flight as long as it takes alone, a worker is busy while it has one in flight, and busy
 * elastic workers are never fewer than the GPU work the always-warm ones cannot do (requests a second × service,
 * less one a warm worker).
 */
function interactivePool(
  input: BillInput,
  service: number,
  slots: number,
  keepAlive: number,
  warmWorkers: number,
): Omit<ServerlessMonth, 'calls'> {
  const weeks = weeksPerMonth(input.assumptions);
  const inFlight = inFlightSeconds(input);
  let busySeconds = 0;
  let idleSeconds = 0;
  let coldStarts = 0;
  for (const { weight, hours } of input.profile.levels) {
    const rate = callRate(input, weight);
    const pool = keepAlivePool(rate, inFlight, keepAlive, warmWorkers, slots);
    const seconds = hours * weeks * SECONDS_PER_HOUR;
    // The GPU work the always-warm workers cannot do runs on elastic ones, however many requests a worker holds.
    const busy = Math.max(pool.elasticBusy, rate * service - warmWorkers);
    busySeconds += busy * seconds;
    idleSeconds += Math.max(0, pool.elasticAlive - busy) * seconds;
    coldStarts += rate * pool.coldShare * seconds;
  }
  // Images without always-warm workers: every call runs on a billed worker, exactly calls × service.
  const exactBusy = slots === 1 && warmWorkers === 0 ? callsPerMonth(input) * service : busySeconds;
  return { busySeconds: exactBusy, idleSeconds, coldStarts };
}

/** Batch work runs once per window on as many workers as finish it inside the window: one start and one keep-alive each. */
function batchBursts(input: BillInput, service: number, keepAlive: number): Omit<ServerlessMonth, 'calls'> {
  const busySeconds = callsPerMonth(input) * service;
  if (busySeconds === 0) return { busySeconds: 0, idleSeconds: 0, coldStarts: 0 };
  const { windows, workersPerWindow } = batchWindows(input, busySeconds);
  return { busySeconds, idleSeconds: windows * workersPerWindow * keepAlive, coldStarts: windows * workersPerWindow };
}

function batchWindows(
  input: BillInput,
  busySeconds: number,
): { windows: number; workersPerWindow: number; busyPerWindow: number } {
  const windowHours = input.profile.batchWindowHours!;
  const windows = input.assumptions.hours_per_month / windowHours;
  const busyPerWindow = busySeconds / windows;
  return {
    windows,
    busyPerWindow,
    workersPerWindow: Math.max(1, Math.ceil(busyPerWindow / (windowHours * SECONDS_PER_HOUR) - 1e-9)),
  };
}

function coldDetails(
  input: BillInput,
  month: ServerlessMonth,
): Required<Pick<OptionDetails, 'coldStarts' | 'coldStartSeconds' | 'coldShare'>> {
  return {
    coldStarts: month.coldStarts,
    coldStartSeconds: coldStartSecondsFor(input),
    coldShare: month.calls > 0 ? month.coldStarts / month.calls : 0,
  };
}

/** Spot is used where the offer has it and the workload asks, except as an alternative for a latency-critical workload. */
export function usesSpot(input: BillInput): boolean {
  const { offer, workload } = input;
  return (
    offer.billing === 'per_hour' &&
    workload.spot &&
    offer.spot_usd_per_hour !== undefined &&
    (input.isChosen || workload.latencySloSeconds === undefined)
  );
}

/** GPU-hours of work a month, spot rework included. */
function busyGpuHours(input: BillInput, spot: boolean): number {
  return input.volume * gpuHoursPerImage(input, spot);
}

function gpuHoursPerImage(input: BillInput, spot: boolean): number {
  const perImage = input.speed?.perImage ?? 0;
  return (perImage * (spot ? 1 + input.assumptions.spot.rework_share : 1)) / SECONDS_PER_HOUR;
}

/**
 * Volumes where a rental or endpoint adds a whole GPU or replica in some hour of the week (at most `limit`, up to
 * `max`), each the largest volume before the step: where gpusFor steps, read backwards.
 */
export function unitSteps(input: BillInput, max: number, limit: number): number[] {
  if (input.offer.billing !== 'per_hour' && input.offer.billing !== 'dedicated') return [];
  const perImage = gpuHoursPerImage(input, usesSpot(input));
  if (perImage <= 0) return [];
  const imagesPerGpuAtMean = (input.assumptions.hours_per_month * input.workload.utilization) / perImage;
  const steps: number[] = [];
  for (const { weight } of input.profile.levels) {
    if (weight <= 0) continue;
    for (let n = 1; steps.length < limit; n++) {
      const v = ((n + UNIT_SLACK) * imagesPerGpuAtMean) / weight;
      if (v > max) break;
      steps.push(v);
    }
  }
  return steps;
}

/** A load this close over a whole number of GPUs is float noise: it still fits on that number. */
const UNIT_SLACK = 1e-9;

/** Whole GPUs an hour of the given weight needs at the target utilization (0 for an hour without load). */
function gpusFor(meanLoad: number, weight: number, utilization: number): number {
  const load = meanLoad * weight;
  return load > 0 ? Math.max(1, Math.ceil(load / utilization - UNIT_SLACK)) : 0;
}

/** Always on: the GPUs the busiest hour needs (at least one), every hour of the month. */
function perHourAlwaysOn(input: BillInput): Bill {
  const rate = rateOf(input);
  const busyHours = busyGpuHours(input, rate.spot);
  const meanLoad = busyHours / input.assumptions.hours_per_month;
  const gpus = Math.max(1, gpusFor(meanLoad, input.profile.peak, input.workload.utilization));
  return held(input, rate, gpus, gpus * input.assumptions.hours_per_month, busyHours, 0, 0);
}

/** A month of GPU- or replica-hours held: busy hours at the rate, the rest unused, start-ups on top. */
function held(
  input: BillInput,
  rate: OptionDetails['rate'],
  gpus: number,
  paidHours: number,
  busyHours: number,
  starts: number,
  startupHours: number,
): Bill {
  const used = Math.min(busyHours, paidHours);
  const details: OptionDetails = {
    speed: input.speed,
    rate,
    gpus,
    paidHours,
    busyHours,
    gpuHours: paidHours + starts * startupHours,
    utilization: paidHours > 0 ? used / paidHours : 0,
    coldStarts: starts,
    coldStartSeconds: startupHours * SECONDS_PER_HOUR,
    coldShare: shareOfCalls(input, starts),
  };
  return billOf(details, {
    busy: used * rate.usd,
    unused: (paidHours - used) * rate.usd,
    startup: starts * startupHours * rate.usd,
  });
}

function shareOfCalls(input: BillInput, events: number): number {
  const calls = callsPerMonth(input);
  return calls > 0 ? Math.min(1, events / calls) : 0;
}

/**
 * Autoscaled rental. Interactive: whole GPUs in every hour that has a request (Poisson: 1 - e^-calls), a billed
 * start-up each time a GPU is added. Batch: the window's work packed into whole GPU-hours, one start-up per GPU.
 */
function perHourAutoscaled(input: BillInput): Bill {
  const rate = rateOf(input);
  const busyHours = busyGpuHours(input, rate.spot);
  const startupHours = (input.offer.startup_seconds ?? input.assumptions.rental.startup_seconds) / SECONDS_PER_HOUR;
  if (input.profile.batchWindowHours !== undefined) {
    const packed = packedWindows(input, busyHours);
    return held(input, rate, packed.gpus, packed.paidHours, busyHours, packed.starts, startupHours);
  }
  const fleet = hourlyFleet(input, busyHours / input.assumptions.hours_per_month, 0, 0);
  return held(input, rate, fleet.peak, fleet.paidHours, busyHours, fleet.starts, startupHours);
}

/** Batch work packed into whole GPU-hours per window. */
function packedWindows(input: BillInput, busyHours: number): { gpus: number; paidHours: number; starts: number } {
  if (busyHours === 0) return { gpus: 0, paidHours: 0, starts: 0 };
  const { windows, workersPerWindow, busyPerWindow } = batchWindows(input, busyHours * SECONDS_PER_HOUR);
  const hoursEach = Math.ceil(busyPerWindow / SECONDS_PER_HOUR / workersPerWindow - 1e-9);
  return {
    gpus: workersPerWindow,
    paidHours: windows * workersPerWindow * hoursEach,
    starts: windows * workersPerWindow,
  };
}

interface HourlyFleet {
  paidHours: number;
  starts: number;
  peak: number;
}

/**
 * Units (GPUs, replicas) hour by hour over the week: the load's whole units where an hour is up, at least `floor`.
 * An hour with no load is up with probability 1 - e^-(calls in it and in the `lingerHours` before it).
 */
function hourlyFleet(input: BillInput, meanLoad: number, floor: number, lingerHours: number): HourlyFleet {
  const units = (w: number) => Math.max(floor, gpusFor(meanLoad, w, input.workload.utilization));
  const calls = (w: number) => callRate(input, w) * SECONDS_PER_HOUR;
  let paid = 0;
  let starts = 0;
  for (const { from, to, hours } of input.profile.transitions) {
    // Up in an hour with a request, or with one in the linger window before it; always up above a floor.
    const upNow = floor > 0 ? 1 : 1 - Math.exp(-(calls(to) + lingerHours * calls(from)));
    const upBefore = floor > 0 ? 1 : 1 - Math.exp(-(calls(from) + lingerHours * calls(from)));
    paid += hours * upNow * units(to);
    // Units added: all of them after an hour that was down, the difference after one that was up.
    starts += hours * upNow * ((1 - upBefore) * units(to) + upBefore * Math.max(0, units(to) - units(from)));
  }
  let peak = 0;
  for (const { weight } of input.profile.levels) peak = Math.max(peak, units(weight));
  const weeks = weeksPerMonth(input.assumptions);
  return { paidHours: paid * weeks, starts: starts * weeks, peak };
}

/**
 * Dedicated endpoint: replicas follow the load between `min_replicas` (default 1) and the busiest hour's need.
 * With min_replicas 0, where the offer scales to zero, an idle endpoint stops after its idle window and wakes with a
 * cold start of minutes.
 */
function dedicated(input: BillInput): Bill {
  const { offer, workload } = input;
  const rate = rateOf(input);
  const busyHours = busyGpuHours(input, false);
  const meanLoad = busyHours / input.assumptions.hours_per_month;
  const canSleep = offer.scale_to_zero_after_seconds !== undefined && workload.minReplicas === 0;
  const floor = canSleep ? 0 : Math.max(1, workload.minReplicas ?? 1);
  const wakeHours = offer.cold_start_seconds / SECONDS_PER_HOUR;
  if (input.profile.batchWindowHours !== undefined && canSleep) {
    const packed = packedWindows(input, busyHours);
    return held(input, rate, packed.gpus, packed.paidHours, busyHours, packed.starts, wakeHours);
  }
  const linger = canSleep ? offer.scale_to_zero_after_seconds! / SECONDS_PER_HOUR : 0;
  const fleet =
    input.profile.batchWindowHours !== undefined
      ? flatFleet(input, meanLoad, floor)
      : hourlyFleet(input, meanLoad, floor, linger);
  return held(
    input,
    rate,
    fleet.peak,
    fleet.paidHours,
    busyHours,
    canSleep ? fleet.starts : 0,
    canSleep ? wakeHours : 0,
  );
}

/** Batch work on replicas that never sleep: enough for the mean load, all month. */
function flatFleet(input: BillInput, meanLoad: number, floor: number): HourlyFleet {
  const units = Math.max(floor, gpusFor(meanLoad, 1, input.workload.utilization));
  return { paidHours: units * input.assumptions.hours_per_month, starts: 0, peak: units };
}
