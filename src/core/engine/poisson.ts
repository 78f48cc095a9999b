/** Points and quantiles of a Poisson(mean) distribution, each tail summed from its small end to keep its digits. */

/** One point of a Poisson(mean) distribution: P(X = x), P(X ≤ x) and P(X > x). */
export interface PoissonPoint {
  pmf: number;
  atMost: number;
  above: number;
}

/**
 * One point, without a table: the tail on the far side of the mode is summed from x outwards (its terms shrink), so
 * it keeps its digits however small it is; the other side is its complement, at least about a half. Written into
 * `into` where given: a month's pools take hundreds of thousands of points, and need not allocate one each.
 */
export function poissonPoint(mean: number, x: number, into?: PoissonPoint): PoissonPoint {
  const point = into ?? { pmf: 0, atMost: 0, above: 0 };
  const pmf = Math.exp(-mean + (x > 0 ? x * Math.log(mean) : 0) - logFactorial(x));
  point.pmf = pmf;
  let tail = 0;
  if (x < mean) {
    // P(X ≤ x): x, x - 1, … down to 0 or to terms that no longer count.
    tail = pmf;
    for (let y = x, p = pmf; y > 0 && p > tail * 1e-17; y--) tail += p *= y / mean;
    point.atMost = tail;
    point.above = 1 - tail;
    return point;
  }
  // P(X > x): x + 1, x + 2, … until the terms no longer count.
  for (let y = x + 1, p = (pmf * mean) / y; p > tail * 1e-17 && p > 0; y++, p *= mean / y) tail += p;
  point.atMost = 1 - tail;
  point.above = tail;
  return point;
}

/** The smallest x with P(X > x) ≤ share: from the mode up, each tail the last less the next term. */
export function poissonQuantileAbove(mean: number, share: number): number {
  let x = Math.floor(mean);
  let { pmf, above } = poissonPoint(mean, x);
  while (above > share) {
    x++;
    pmf *= mean / x;
    above -= pmf;
  }
  return x;
}

/** ln(n!) of the counts the pools' sums meet, worked out once each (0: not yet; ln 0! and ln 1! are 0 anyway). */
const logFactorials = new Float64Array(1 << 14);

/** ln(n!) by Stirling's series: exact to 1e-10 from n = 10; the few below by the product. */
export function logFactorial(n: number): number {
  if (n >= logFactorials.length || !Number.isInteger(n)) return stirling(n);
  return logFactorials[n] || (logFactorials[n] = stirling(n));
}

function stirling(n: number): number {
  if (n < 10) {
    let product = 1;
    for (let i = 2; i <= n; i++) product *= i;
    return Math.log(product);
  }
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
}
