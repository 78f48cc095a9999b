/** Money is carried as micro-dollars (µ$): prices down to $0.000001/s stay exact and totals do not drift. */
export type Micros = number;

export const MICROS_PER_USD = 1_000_000;

export function usdToMicros(usd: number): Micros {
  return Math.round(usd * MICROS_PER_USD);
}

/** Cents, rounded half away from zero, as a number of dollars: for JSON output. */
export function microsToCentsUsd(micros: Micros): number {
  return (Math.sign(micros) * Math.round(Math.abs(micros) / 10_000)) / 100;
}

const cents = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const wholeDollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const subCent = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 });
const compactCounts = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const percents = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });

/** Intl writes -0 as "-$0.00"; money that rounds to nothing has no sign. */
function noNegativeZero(value: number): number {
  return value === 0 ? 0 : value;
}

/** "$1,234.56" from dollars: the panel's figures. */
export function formatDollars(usd: number): string {
  return cents.format(noNegativeZero(Math.round(usd * 100) / 100));
}

/** "$1,234.56": totals are shown to the cent. */
export function formatUsd(micros: Micros): string {
  return formatDollars(microsToCentsUsd(micros));
}

/** "$1,383": for inline figures, where cents are noise. */
export function formatWholeUsd(micros: Micros): string {
  return wholeDollars.format(noNegativeZero(Math.round(micros / MICROS_PER_USD)));
}

export function formatMonthly(micros: Micros): string {
  return `${formatUsd(micros)}/mo`;
}

/** "$0.0140": unit prices keep four significant decimals so sub-cent prices stay readable. */
export function formatUnitUsd(usd: number): string {
  if (usd === 0) return '$0';
  return Math.abs(usd) >= 1 ? cents.format(usd) : subCent.format(usd);
}

export function formatCount(n: number): string {
  return counts.format(noNegativeZero(Math.round(n)));
}

/** "1.2B": a count too large to read digit by digit. */
export function formatCompactCount(n: number): string {
  return compactCounts.format(Math.max(0, n));
}

const COMPACT_STEPS = [
  { at: 1e9, suffix: 'B' },
  { at: 1e6, suffix: 'M' },
  { at: 1e3, suffix: 'k' },
] as const;

/** "100k", "1.2M", "50", "0.5": chart axes, where thousands' digits and cents crowd the labels. */
export function formatCompactNumber(n: number): string {
  const value = Math.abs(n);
  // One decimal at most, none where it is 0: "1.2M", "100k".
  const short = (v: number) => Math.round(v * 10) / 10;
  let i = COMPACT_STEPS.findIndex((s) => value >= s.at);
  if (i === -1 && short(value) >= 1000) i = COMPACT_STEPS.length - 1;
  // 999,960 rounds to "1000k": the next step up says it as "1M".
  if (i > 0 && short(value / COMPACT_STEPS[i]!.at) >= 1000) i -= 1;
  const step = COMPACT_STEPS[i];
  const digits = step
    ? `${short(value / step.at)}${step.suffix}`
    : String(value >= 1 ? short(value) : Number(value.toPrecision(2)));
  return `${n < 0 ? '-' : ''}${digits}`;
}

/** "$100k", "$1.2M", "$50", "$0.5": a chart's money axis. */
export function formatCompactUsd(usd: number): string {
  return `${usd < 0 ? '-' : ''}$${formatCompactNumber(Math.abs(usd))}`;
}

export function formatPercent(fraction: number): string {
  return percents.format(noNegativeZero(fraction));
}
