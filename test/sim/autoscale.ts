import { mulberry32 } from './random';

/**
 * Hour-by-hour simulation of an autoscaled rental with one GPU enough for the load: test code only. Each hour draws
 * its request count from a Poisson distribution; a GPU is up in every hour with a request and is started when the
 * hour before had none.
 */
export function simulateAutoscale(input: {
  weights: readonly number[];
  callsPerHourAtMean: number;
  weeks: number;
  seed: number;
}): { upHours: number; starts: number } {
  const random = mulberry32(input.seed);
  let upHours = 0;
  let starts = 0;
  let wasUp = false;
  for (let week = 0; week < input.weeks; week++) {
    for (const weight of input.weights) {
      const up = poissonIsPositive(input.callsPerHourAtMean * weight, random);
      if (up) upHours++;
      if (up && !wasUp) starts++;
      wasUp = up;
    }
  }
  return { upHours, starts };
}

/** Draws arrivals one by one through the hour: true as soon as one lands inside it. */
function poissonIsPositive(mean: number, random: () => number): boolean {
  if (mean <= 0) return false;
  return -Math.log(1 - random()) / mean < 1;
}
