/** Bins one percent wide: a median read from them is within half a percent of the exact one. */
const RATIO = 1.01;
const LOG_RATIO = Math.log(RATIO);
const SMALLEST = 1e-3;
const LARGEST = 1e6;
const BINS = Math.ceil(Math.log(LARGEST / SMALLEST) / LOG_RATIO) + 1;

/**
 * Durations in seconds, counted in log-spaced bins: a million run times take the same few kilobytes as ten, so a
 * log of any length is read in bounded memory.
 */
export class LogHistogram {
  private readonly counts = new Float64Array(BINS);
  count = 0;

  add(seconds: number): void {
    const clamped = Math.min(Math.max(seconds, SMALLEST), LARGEST);
    this.counts[Math.floor(Math.log(clamped / SMALLEST) / LOG_RATIO)]! += 1;
    this.count++;
  }

  /** The q-quantile (0.5: the median), at the geometric middle of its bin; undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined;
    const rank = q * this.count;
    let seen = 0;
    for (let bin = 0; bin < BINS; bin++) {
      seen += this.counts[bin]!;
      if (seen >= rank && this.counts[bin]! > 0) return SMALLEST * RATIO ** (bin + 0.5);
    }
    return SMALLEST * RATIO ** (BINS - 0.5);
  }
}
