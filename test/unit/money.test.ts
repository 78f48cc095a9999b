import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatCompactCount,
  formatCompactNumber,
  formatCompactUsd,
  formatCount,
  formatDollars,
  formatPercent,
  formatUnitUsd,
  formatWholeUsd,
  MICROS_PER_USD,
} from '../../src/core/money';

describe('compact figures for chart axes', () => {
  it('reads $100k and $1.2M, not $100,000.00', () => {
    expect(
      [0.01, 0.5, 1, 10, 100, 999, 1000, 1234, 10_000, 100_000, 1_200_000, 10_000_000, 3e9].map(formatCompactUsd),
    ).toEqual(['$0.01', '$0.5', '$1', '$10', '$100', '$999', '$1k', '$1.2k', '$10k', '$100k', '$1.2M', '$10M', '$3B']);
  });

  it('rounds up into the next step instead of writing 1000k', () => {
    expect(formatCompactUsd(999_960)).toBe('$1M');
    expect(formatCompactNumber(999_400)).toBe('999.4k');
  });

  it('keeps the sign outside the dollar sign', () => {
    expect(formatCompactUsd(-1500)).toBe('-$1.5k');
    expect(formatCompactNumber(-20)).toBe('-20');
  });
});

describe('figures written without Intl', () => {
  // What each formatter in money.ts stands in for: Intl's en-US formats, which cost ~20 ms to load.
  const intl = {
    cents: new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: 'USD',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    }),
    whole: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }),
    counts: new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }),
    subCent: new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 }),
    compact: new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }),
    percents: new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 }),
  };
  const awkward = [
    0,
    1,
    1.005,
    0.145,
    0.005,
    0.125,
    2.5,
    999.95,
    999.96,
    999_960,
    999_999.5,
    1e21,
    1.5e15,
    2e18,
    1e-7,
    1.2e-9,
    0.9996,
    123.456,
    12_345,
    0.04,
    0.05,
    1.25,
    9.995,
    99.995,
    1_234_567.891,
    Number.MAX_SAFE_INTEGER,
    5e-324,
  ];
  const numbers = fc.oneof(
    fc.constantFrom(...awkward, ...awkward.map((x) => -x), Infinity, -Infinity, NaN),
    fc.double({ min: -1e18, max: 1e18, noNaN: true }),
    fc.double({ min: -1, max: 1, noNaN: true }),
    fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 1000),
    fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 200),
  );

  it('writes money, counts and percents as Intl en-US does', () => {
    fc.assert(
      fc.property(numbers, (x) => {
        const cents = Math.round(x * 100) / 100;
        expect(formatDollars(x)).toBe(intl.cents.format(cents === 0 ? 0 : cents));
        const dollars = Math.round((x * MICROS_PER_USD) / MICROS_PER_USD);
        expect(formatWholeUsd(x * MICROS_PER_USD)).toBe(intl.whole.format(dollars === 0 ? 0 : dollars));
        const whole = Math.round(x);
        expect(formatCount(x)).toBe(intl.counts.format(whole === 0 ? 0 : whole));
        if (x !== 0) expect(formatUnitUsd(x)).toBe(Math.abs(x) >= 1 ? intl.cents.format(x) : intl.subCent.format(x));
        expect(formatCompactCount(x)).toBe(intl.compact.format(Math.max(0, x)));
        expect(formatPercent(x)).toBe(intl.percents.format(x === 0 ? 0 : x));
      }),
      { numRuns: 5000 },
    );
  });

  it('rounds the shortest decimal half away from zero, as Intl does', () => {
    expect(formatUnitUsd(1.005)).toBe('$1.01');
    expect(formatPercent(0.145)).toBe('15%');
    expect(formatCompactCount(999_960)).toBe('1M');
    expect(formatCompactCount(1.5e15)).toBe('1500T');
    expect(formatCompactCount(2e18)).toBe('2,000,000T');
    expect(formatUnitUsd(0.00012345)).toBe('$0.000123');
    expect(formatCount(1234.5)).toBe('1,235');
  });
});
