/** Money is carried as micro-dollars (µ$): prices down to $0.000001/s stay exact and totals do not drift. */
export type Micros = number;

export const MICROS_PER_USD = 1_000_000;

/** Rounds a float amount of micro-dollars to a whole number; done once per line item, never on the way. */
export function roundMicros(value: number): Micros {
  return Math.round(value);
}

export function usdToMicros(usd: number): Micros {
  return Math.round(usd * MICROS_PER_USD);
}

export function microsToUsd(micros: Micros): number {
  return micros / MICROS_PER_USD;
}

/** Cents, rounded half away from zero, as a number of dollars: for JSON output. */
export function microsToCentsUsd(micros: Micros): number {
  const cents = Math.sign(micros) * Math.round(Math.abs(micros) / 10_000);
  return cents / 100;
}

const usdFormat = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Whole numbers below this print as plain digits; above it Intl formats them (String() would switch to 1e+21). */
const PLAIN_DIGITS_BELOW = 1e15;

/**
 * "1,234,567" for a whole number, as Intl's en-US format writes it. Written out because Intl is about twenty
 * times slower and every finding message formats a few numbers. A zero never gets a minus sign.
 */
function groupedWhole(whole: number): string {
  const digits = String(Math.abs(whole));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return whole < 0 ? `-${out}` : out;
}

/** "$1,234.56": totals are shown to the cent. */
export function formatUsd(micros: Micros): string {
  const cents = Math.sign(micros) * Math.round(Math.abs(micros) / 10_000);
  if (!(Math.abs(cents) < PLAIN_DIGITS_BELOW)) return usdFormat.format(microsToCentsUsd(micros));
  const abs = Math.abs(cents);
  const body = `$${groupedWhole(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`;
  return cents < 0 ? `-${body}` : body;
}

const wholeUsdFormat = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

/** "$1,383": for inline figures, where cents are noise. */
export function formatWholeUsd(micros: Micros): string {
  const whole = Math.round(micros / MICROS_PER_USD);
  if (!(Math.abs(whole) < PLAIN_DIGITS_BELOW)) return wholeUsdFormat.format(whole);
  return whole < 0 ? `-$${groupedWhole(-whole)}` : `$${groupedWhole(whole)}`;
}

const unitLabels = new Map<number, string>();

/** "$0.0140": unit prices keep four significant decimals so sub-cent prices stay readable. Memoized: it is hot. */
export function formatUnitUsd(usd: number): string {
  let label = unitLabels.get(usd);
  if (label === undefined) {
    label = unitLabel(usd);
    if (unitLabels.size < 10_000) unitLabels.set(usd, label);
  }
  return label;
}

function unitLabel(usd: number): string {
  if (usd === 0) return '$0';
  if (Math.abs(usd) >= 1) return usdFormat.format(usd);
  const digits = Math.min(8, Math.max(4, 1 - Math.floor(Math.log10(Math.abs(usd))) + 2));
  return `$${usd.toFixed(digits).replace(/0+$/, '').replace(/\.$/, '')}`;
}

export function formatMonthly(micros: Micros): string {
  return `${formatUsd(micros)}/mo`;
}

export function formatCount(n: number): string {
  const whole = Math.round(n);
  return Math.abs(whole) < PLAIN_DIGITS_BELOW ? groupedWhole(whole === 0 ? 0 : whole) : whole.toLocaleString('en-US');
}

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
