import type { OptionDetails } from '../../report';
import { keepAlivePool } from '../keepAlive';
import {
  callRate,
  callsPerMonth,
  coldStartSecondsFor,
  SECONDS_PER_HOUR,
  weeksPerMonth,
  type BillInput,
} from './common';
import { textServerlessMonth } from './textPool';

/** Serverless workers over a month: the keep-alive pool hour by hour, or bursts per batch window (per call and per second). */

export interface ServerlessMonth {
  /** Seconds busy on workers started for requests (beyond the always-warm ones). */
  busySeconds: number;
  idleSeconds: number;
  coldStarts: number;
  calls: number;
}

/** The keep-alive pool hour by hour (interactive), or one burst per window (batch). */
export function serverlessMonth(input: BillInput, keepAlive: number, warmWorkers: number): ServerlessMonth {
  // A text worker runs many requests at once: its pool has a model of its own.
  if (input.speed?.text) return textServerlessMonth(input, keepAlive, warmWorkers);
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
export function inFlightSeconds(input: BillInput): number {
  const service = input.speed?.occupancy ?? 0;
  return (input.speed?.slots ?? 1) > 1 ? (input.speed?.perBatch ?? service) : service;
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

export function batchWindows(
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

export function coldDetails(
  input: BillInput,
  month: ServerlessMonth,
): Required<Pick<OptionDetails, 'coldStarts' | 'coldStartSeconds' | 'coldShare'>> {
  return {
    coldStarts: month.coldStarts,
    coldStartSeconds: coldStartSecondsFor(input),
    coldShare: month.calls > 0 ? month.coldStarts / month.calls : 0,
  };
}
