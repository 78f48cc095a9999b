import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCrossings, type CrossingSearch } from '../../src/core/engine/breakEven';

/** A cost that falls and rises: a linear part plus a bump, as a billed cold start longer than the keep-alive makes. */
function bumpy(slope: number, bump: number, at: number): (v: number) => number {
  return (v) => Math.round(slope * v + bump * (v / at) * Math.exp(1 - v / at));
}

function linear(fixed: number, slope: number): (v: number) => number {
  return (v) => Math.round(fixed + slope * v);
}

/** A cost with a bump that falls after it, a straight one, and a declared volume. */
const bumpAndLine = fc.record({
  slope: fc.double({ min: 0.5, max: 50, noNaN: true }),
  bump: fc.double({ min: 0, max: 5e6, noNaN: true }),
  at: fc.double({ min: 10, max: 1e5, noNaN: true }),
  fixed: fc.double({ min: 0, max: 1e6, noNaN: true }),
  lineSlope: fc.double({ min: 0.5, max: 50, noNaN: true }),
  declared: fc.integer({ min: 100, max: 200_000 }),
});

/** The search with a shortcut finds what it finds without it (`without` takes the shortcut away), in fewer prices. */
function expectSameCrossingsWithFewerPrices(search: CrossingSearch, without: Partial<CrossingSearch>): void {
  let priced = 0;
  const counted = { ...search, other: (v: number) => (priced++, search.other(v)) };
  const skipping = findCrossings(counted);
  const pricedWhenSkipping = priced;
  priced = 0;
  expect(skipping).toEqual(findCrossings({ ...counted, ...without }));
  expect(pricedWhenSkipping).toBeLessThanOrEqual(priced);
}

describe('break-even search', () => {
  it('where only the chosen side may fall, skipping prices of the never-falling side changes no crossing', () => {
    fc.assert(
      fc.property(bumpAndLine, ({ slope, bump, at, fixed, lineSlope, declared }) =>
        expectSameCrossingsWithFewerPrices(
          {
            chosen: bumpy(slope, bump, at),
            other: linear(fixed, lineSlope),
            chosenGrows: false,
            otherGrows: true,
            declared,
            steps: () => [],
          },
          { otherGrows: false },
        ),
      ),
      { numRuns: 300 },
    );
  });

  it('where the other side may fall, skipping prices its known range decides changes no crossing', () => {
    fc.assert(
      fc.property(bumpAndLine, ({ slope, bump, at, fixed, lineSlope, declared }) =>
        expectSameCrossingsWithFewerPrices(
          {
            chosen: linear(fixed, lineSlope),
            other: bumpy(slope, bump, at),
            chosenGrows: true,
            otherGrows: false,
            declared,
            steps: () => [],
            // A true range: the linear part below, the bump's highest value above.
            otherRange: (v) => [slope * v - 1, slope * v + bump + 1] as const,
          },
          { otherRange: undefined },
        ),
      ),
      { numRuns: 300 },
    );
  });

  it('finds both crossings where a falling cost dips under a flat one, to within one image', () => {
    const chosen = bumpy(1, 2e6, 5_000);
    const result = findCrossings({
      chosen,
      other: () => 1.5e6,
      chosenGrows: false,
      otherGrows: true,
      declared: 50_000,
      steps: () => [],
    });
    expect(result.all).toHaveLength(2);
    for (const v of result.all) {
      expect(Math.sign(chosen(v) - 1.5e6)).not.toBe(Math.sign(chosen(v - 1) - 1.5e6));
    }
  });

  it('finds every crossing of a stepped cost, also where the ends of a wide stretch already differ in sign', () => {
    // 10v + 1 against 5v + 20,000 a step every 3,000: crossings at the steps 3,000, 6,000 and 9,000 and where the
    // gap closes again, at 4,000 and 8,000.
    const result = findCrossings({
      chosen: (v) => 10 * v + 1,
      other: (v) => 5 * v + 20_000 * Math.floor(v / 3000),
      chosenGrows: true,
      otherGrows: true,
      declared: 1000,
      steps: () => [3000, 6000, 9000],
    });
    expect(result.all.map(Math.round)).toEqual([3000, 4000, 6000, 8000, 9000]);
  });

  it('two never-falling costs apart over the whole range take two prices each', () => {
    let priced = 0;
    const result = findCrossings({
      chosen: linear(0, 10),
      other: (v) => (priced++, 1e9 + v),
      chosenGrows: true,
      otherGrows: true,
      declared: 1000,
      steps: () => [],
    });
    expect(result).toEqual({ nearest: null, all: [], signBelow: -1 });
    expect(priced).toBe(2);
  });
});
