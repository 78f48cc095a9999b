/** A request's time: milliseconds since the epoch, and whether the text said which zone it was in. */
export interface Instant {
  ms: number;
  /** No zone or offset was written: read as UTC. */
  naive: boolean;
}

// ISO 8601 as logs write it: a T or a space, optional seconds and fraction (any digits), Z or ±hh[:]mm or nothing.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
/** Epoch numbers above this are milliseconds, below it seconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const MS_THRESHOLD = 1e11;

/** Reads an ISO 8601 text or an epoch number (seconds or milliseconds); undefined for anything else. */
export function parseInstant(value: unknown): Instant | undefined {
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return fromEpoch(Number(text));
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = m;
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const [year, month, day, hour, minute, second] = parts;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, Number(`0.${fraction || '0'}`) * 1000);
  // Date.UTC rolls 31 February into March: a date that does not exist is not a date.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  return { ms: utc - offsetMinutes(zone) * 60_000, naive: zone === undefined };
}

function fromEpoch(n: number): Instant | undefined {
  if (!Number.isFinite(n) || n <= 0) return undefined;
  const ms = n >= MS_THRESHOLD ? n : n * 1000;
  return ms < 8.64e15 ? { ms, naive: false } : undefined;
}

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return zone.startsWith('-') ? -minutes : minutes;
}
