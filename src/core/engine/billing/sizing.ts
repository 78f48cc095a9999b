import { fewWait, p99WaitSeconds } from '../queueing';
import { slotWaitP99 } from '../speed';
import type { BillInput } from './common';

/** A call as a fleet's queue sees it: how long it holds a slot, how many slots a unit has, and what the target covers. */
export interface QueuedCall {
  /** Seconds a call holds one slot. */
  holds: number;
  /** Slots a unit (GPU, replica) has: a replica's GPUs for images, its concurrent requests for text. */
  slots: number;
  /** What a call takes besides the wait, within the target: the whole call for images, the prefill for text. */
  before: number;
  target: number;
  who: 'calls' | 'requests';
  /** What the target measures, after "over the N s target": '' or ' to the first token'. */
  waitingFor: string;
  /** The wait the slowest 1 % of calls exceed at `rate` calls a second on `units` units. */
  wait: (rate: number, units: number) => number;
  /** A quick sufficient check that fewer than 1 % of calls wait at all (Erlang's C), before `wait`. */
  noWait?: (rate: number, units: number) => boolean;
}

/** The queue a latency target is about: an image call's latency_slo_seconds, a text request's ttft_seconds. */
function queuedCall({ speed, workload }: BillInput): QueuedCall | undefined {
  if (!speed) return undefined;
  const text = speed.text;
  if (text) {
    const target = workload.text?.ttftSeconds;
    if (target === undefined) return undefined;
    const holds = text.holdSeconds(text.concurrency);
    return {
      holds,
      slots: text.concurrency,
      before: text.ttftSeconds,
      target,
      who: 'requests',
      waitingFor: ' to the first token',
      wait: (rate, replicas) => slotWaitP99(text, rate, replicas),
      // Requests run no slower when fewer share a replica, so Erlang's C at the full-concurrency hold bounds the chance.
      noWait: (rate, replicas) => fewWait(replicas * text.concurrency, rate * holds),
    };
  }
  const target = workload.latencySloSeconds;
  if (target === undefined) return undefined;
  return {
    holds: speed.perBatch,
    slots: speed.slots,
    before: speed.perBatch,
    target,
    who: 'calls',
    waitingFor: '',
    wait: (rate, units) => p99WaitSeconds(rate, speed.perBatch, units * speed.slots),
    noWait: (rate, units) => fewWait(units * speed.slots, rate * speed.perBatch),
  };
}

/** Past this many units beyond the load, no fleet is sized: the target cannot be met by adding units. */
const MAX_EXTRA_UNITS = 1000;

/**
 * The fewest units, from `from` up, whose slowest 1 % of calls meet the target at `rate`; undefined where none do.
 * The wait falls as units are added: steps that double from `from`, then halving back to the fewest.
 */
export function unitsMeetingTarget(call: QueuedCall, rate: number, from: number): number | undefined {
  if (call.before > call.target) return undefined;
  const meets = (n: number) => call.noWait?.(rate, n) === true || call.before + call.wait(rate, n) <= call.target;
  let low = Math.max(1, from);
  if (meets(low)) return low;
  let step = 1;
  let high = low + step;
  while (!meets(high)) {
    if (high >= from + MAX_EXTRA_UNITS) return undefined;
    low = high;
    step *= 2;
    high = Math.min(low + step, from + MAX_EXTRA_UNITS);
  }
  // low misses, high meets.
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (meets(mid)) high = mid;
    else low = mid;
  }
  return high;
}

/**
 * A fleet (rental or endpoint) holds enough units in each hour for its latency target at that hour's load (`load`:
 * busy units), never fewer than `held`, the units at the file's utilization. A chosen offer whose file sets
 * `utilization:` keeps that (the latency finding then says what would meet the target); batch work waits for the
 * units it has.
 */
export function unitsForTarget(input: BillInput, load: number, held: number): number {
  if (held === 0 || input.profile.batchWindowHours !== undefined) return held;
  if (input.isChosen && input.workload.ranges.utilization !== undefined) return held;
  const call = queueOf(input);
  if (!call) return held;
  return unitsMeetingTarget(call, (load * call.slots) / call.holds, held) ?? held;
}

/**
 * The queue of a workload at a speed, worked out on its first use: every hour of a fleet asks for it, at every volume
 * a search prices (a bill's input is new at each volume; its speed and workload are not).
 */
export function queueOf(input: BillInput): QueuedCall | undefined {
  if (!input.speed) return undefined;
  let byWorkload = queues.get(input.speed);
  if (!byWorkload) queues.set(input.speed, (byWorkload = new WeakMap()));
  let call = byWorkload.get(input.workload);
  if (call === undefined) byWorkload.set(input.workload, (call = queuedCall(input) ?? null));
  return call ?? undefined;
}

const queues = new WeakMap<NonNullable<BillInput['speed']>, WeakMap<BillInput['workload'], QueuedCall | null>>();
