import type { BatchingCurve } from '../../catalog/types';

/**
 * The time of one call of several images, from one image's time on the same GPU (assumptions.json `batching`).
 * Part of a call does not grow with the batch: a fixed time a call and a denoising step (launches, weight reads, a
 * GPU not yet filled), at most a share of one image's time. The rest is paid once per image.
 */
export interface BatchTime {
  /** Seconds the call takes. */
  seconds: number;
  /** How much of the GPU one image keeps busy, 0-1: what batching cannot win back. */
  fill: number;
}

export function batchTime(curve: BatchingCurve, single: number, steps: number, batchSize: number): BatchTime {
  const fixed = fixedSeconds(curve, single, steps);
  return { seconds: fixed + batchSize * (single - fixed), fill: single > 0 ? 1 - fixed / single : 1 };
}

/** One image's time that a measured batch implies: the curve read backwards (the same fixed part). */
export function singleFromBatch(curve: BatchingCurve, batchSeconds: number, steps: number, batchSize: number): number {
  const fixed = uncappedFixed(curve, steps);
  const single = fixed + (batchSeconds - fixed) / batchSize;
  if (fixed <= curve.max_fixed_share * single) return single;
  // Where the fixed part is at its cap, a call is single x (share + batch x (1 - share)).
  return batchSeconds / (curve.max_fixed_share + batchSize * (1 - curve.max_fixed_share));
}

function fixedSeconds(curve: BatchingCurve, single: number, steps: number): number {
  return Math.min(uncappedFixed(curve, steps), curve.max_fixed_share * single);
}

function uncappedFixed(curve: BatchingCurve, steps: number): number {
  return curve.call_seconds + steps * curve.step_seconds;
}
