import { describe, expect, it } from 'vitest';
import { formatCompactNumber, formatCompactUsd } from '../../src/core/money';

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
