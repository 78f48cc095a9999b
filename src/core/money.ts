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

/**
 * Figures are written by the code below, not Intl.NumberFormat: its first use loads ICU's locale data, about 20 ms of
 * every CLI run. Each writes what Intl's en-US format writes (money.test.ts holds them to it): rounded half away from
 * zero from the number's shortest decimal form (1.005 → 1.01), thousands grouped with commas.
 */
const cents = (usd: number) => currency(usd, (v) => grouped(fixed(v, 2, 2)));
const wholeDollars = (usd: number) => currency(usd, (v) => grouped(fixed(v, 0, 0)));
const counts = (n: number) => signed(n, (v) => grouped(fixed(v, 0, 0)));
const subCent = (usd: number) => currency(usd, (v) => grouped(significant(v, 3)));
const percents = (fraction: number) => signed(fraction, (v) => grouped(fixed(v, 0, 0, 2)), '', '%');

/** A number as decimal digits with the point after `point` of them: 0.0125 is "125" and -1, 1250 is "125" and 4. */
interface Decimal {
  digits: string;
  point: number;
}

/** The shortest decimal form of a finite, non-negative number, as JavaScript writes it (String(x)). */
function decimal(value: number): Decimal {
  const [mantissa = '0', exponent = '0'] = String(value).split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  const all = whole + fraction;
  const lead = all.length - all.replace(/^0+/, '').length;
  return { digits: all.slice(lead).replace(/0+$/, ''), point: whole.length + Number(exponent) - lead };
}

/** The first `keep` digits, rounded half away from zero on the next one. */
function rounded({ digits, point }: Decimal, keep: number): Decimal {
  if (keep >= digits.length) return { digits, point };
  if (keep < 0) return { digits: '', point };
  const head = digits.slice(0, keep);
  if (digits[keep]! < '5') return { digits: head, point };
  const up = (BigInt(head || '0') + 1n).toString();
  return { digits: up, point: point + up.length - head.length };
}

/** "1234.50": at most `most` and at least `least` fraction digits; `shift` moves the point first (2 for percents). */
function fixed(value: number, least: number, most: number, shift = 0): string {
  return fixedDecimal(decimal(value), least, most, shift);
}

function fixedDecimal(exact: Decimal, least: number, most: number, shift: number): string {
  const { digits, point } = rounded({ ...exact, point: exact.point + shift }, exact.point + shift + most);
  return written(digits, point, least);
}

/** "0.000123": `count` significant digits at most, no trailing zeros. */
function significant(value: number, count: number): string {
  const { digits, point } = rounded(decimal(value), count);
  return written(digits, point, 0);
}

function written(digits: string, point: number, least: number): string {
  const whole = point > 0 && digits ? digits.slice(0, point).padEnd(point, '0') : '0';
  const fraction = (point >= 0 ? digits.slice(point) : '0'.repeat(-point) + digits).replace(/0+$/, '');
  const shown = fraction.padEnd(least, '0');
  return shown ? `${whole}.${shown}` : whole;
}

/** Commas between thousands of the whole part. */
function grouped(text: string): string {
  const [whole = '', fraction] = text.split('.');
  const commas = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? commas : `${commas}.${fraction}`;
}

/** The sign before the figure and its unit, as Intl puts them; ∞ and NaN as Intl writes them. */
function signed(value: number, figure: (magnitude: number) => string, prefix = '', suffix = ''): string {
  if (Number.isNaN(value)) return `${prefix}NaN${suffix}`;
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const magnitude = Math.abs(value);
  return `${sign}${prefix}${Number.isFinite(magnitude) ? figure(magnitude) : '∞'}${suffix}`;
}

function currency(usd: number, figure: (magnitude: number) => string): string {
  return signed(usd, figure, '$');
}

const COMPACT_UNITS = ['', 'K', 'M', 'B', 'T'] as const;

/** "1.2K", "15M", "1,500T": Intl's compact notation with one fraction digit at most. */
function compactCounts(n: number): string {
  if (!Number.isFinite(n)) return signed(n, String);
  const exact = decimal(n);
  // The power of ten of the first digit picks the unit: 2 for 123 (none), 3 for 1234 (K).
  const magnitude = exact.digits ? exact.point - 1 : 0;
  let unit = Math.min(Math.max(0, Math.floor(magnitude / 3)), COMPACT_UNITS.length - 1);
  let scaled = fixedDecimal(exact, 0, 1, -3 * unit);
  // 999.96K rounds to 1000K: Intl then writes the next unit up.
  if (unit < COMPACT_UNITS.length - 1 && Number(scaled) >= 1000) scaled = fixedDecimal(exact, 0, 1, -3 * ++unit);
  // Compact figures group only from five digits (Intl's minimum grouping of two): 1500T, 12,000T.
  return `${Math.trunc(Number(scaled)) >= 10_000 ? grouped(scaled) : scaled}${COMPACT_UNITS[unit]}`;
}

/** Intl writes -0 as "-$0.00"; money that rounds to nothing has no sign. */
function noNegativeZero(value: number): number {
  return value === 0 ? 0 : value;
}

/** "$1,234.56" from dollars: the panel's figures. */
export function formatDollars(usd: number): string {
  return cents(noNegativeZero(Math.round(usd * 100) / 100));
}

/** "$1,234.56": totals are shown to the cent. */
export function formatUsd(micros: Micros): string {
  return formatDollars(microsToCentsUsd(micros));
}

/** "$1,383": for inline figures, where cents are noise. */
export function formatWholeUsd(micros: Micros): string {
  return wholeDollars(noNegativeZero(Math.round(micros / MICROS_PER_USD)));
}

export function formatMonthly(micros: Micros): string {
  return `${formatUsd(micros)}/mo`;
}

/** "$0.0140": unit prices keep four significant decimals so sub-cent prices stay readable. */
export function formatUnitUsd(usd: number): string {
  if (usd === 0) return '$0';
  return Math.abs(usd) >= 1 ? cents(usd) : subCent(usd);
}

export function formatCount(n: number): string {
  return counts(noNegativeZero(Math.round(n)));
}

/** "1.2B": a count too large to read digit by digit. */
export function formatCompactCount(n: number): string {
  return compactCounts(Math.max(0, n));
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
  return percents(noNegativeZero(fraction));
}
