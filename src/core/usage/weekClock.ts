import { HOURS_PER_WEEK } from '../engine/traffic';

const QUARTER_HOUR_MS = 15 * 60_000;
const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/**
 * The hour of the week (Monday 00:00 is 0) of an instant in one time zone. Every zone's offset is a whole number of
 * quarter hours, so one look-up through Intl serves every instant of the same quarter hour.
 */
export class WeekClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly cells = new Map<number, number>();

  /** Throws a RangeError for a zone Intl does not know. */
  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      hourCycle: 'h23',
    });
  }

  hourOfWeek(ms: number): number {
    const quarter = Math.floor(ms / QUARTER_HOUR_MS);
    let cell = this.cells.get(quarter);
    if (cell === undefined) {
      cell = this.lookUp(quarter * QUARTER_HOUR_MS);
      // Logs run forward in time: a bounded memory of recent quarters is all the cache needs.
      if (this.cells.size > 50_000) this.cells.clear();
      this.cells.set(quarter, cell);
    }
    return cell;
  }

  private lookUp(ms: number): number {
    let day = 0;
    let hour = 0;
    for (const part of this.format.formatToParts(ms)) {
      if (part.type === 'weekday') day = WEEKDAYS[part.value] ?? 0;
      else if (part.type === 'hour') hour = Number(part.value) % 24;
    }
    return (day * 24 + hour) % HOURS_PER_WEEK;
  }
}

/** Whether Intl knows a time zone (IANA names such as Europe/Berlin, or UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
