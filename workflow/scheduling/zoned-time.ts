/**
 * Wall-clock time in IANA time zones, with nothing but `Intl.DateTimeFormat`.
 *
 * Working hours are local wall-clock times ("09:00 in Europe/London"), so a 09:00 start is 08:00Z in British
 * Summer Time and 09:00Z in winter. Converting an instant to a wall clock is what `formatToParts` does;
 * converting a wall clock to an instant is done by guessing the zone's offset just before and just after the
 * moment (a day either side, so a daylight-saving change in between is seen) and keeping the guesses that
 * round-trip. Two rules settle the two awkward cases, as Temporal's `compatible` disambiguation does:
 * - a wall clock that happens twice (autumn fall-back, 01:30 in London on the last Sunday of October) is the
 *   **earlier** instant, the first 01:30;
 * - a wall clock that never happens (spring-forward, 01:30 in London on the last Sunday of March) moves forward
 *   by the length of the gap: 01:30 becomes 02:30 BST (01:30Z).
 *
 * Formatters are costly to build, so a `ZonedTime` caches them per zone. The cache belongs to the instance (one
 * per slot search), never to the module: no module-level mutable state.
 */
import { addDays, formatShortDate, isIsoDate } from '../dates.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A local wall-clock reading: the calendar date and the time of day in minutes after local midnight. */
export interface WallClock {
  /** YYYY-MM-DD */
  readonly date: string;
  /** 0 … 1439 */
  readonly minutes: number;
  /** Seconds and milliseconds past `minutes`, 0 … 59,999 ms (so nothing is lost rounding to a minute). */
  readonly remainderMs: number;
}

/** True for a time zone name `Intl` knows (IANA names such as Europe/London, and UTC). */
export function isTimeZone(name: string): boolean {
  if (name.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** "HH:mm" for minutes after midnight. */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** Time zone arithmetic with a per-instance cache of formatters. */
export class ZonedTime {
  private readonly formatters = new Map<string, Intl.DateTimeFormat>();

  private formatter(timeZone: string): Intl.DateTimeFormat {
    let f = this.formatters.get(timeZone);
    if (!f) {
      try {
        f = new Intl.DateTimeFormat('en-US', {
          timeZone,
          hourCycle: 'h23',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
        });
      } catch {
        throw new RangeError(`"${timeZone}" is not a time zone (an IANA name such as Europe/London).`);
      }
      this.formatters.set(timeZone, f);
    }
    return f;
  }

  /** The wall clock as milliseconds since the epoch "as if it were UTC", to the whole second. */
  private wallAsUtc(instantMs: number, timeZone: string): number {
    let year = 0;
    let month = 0;
    let day = 0;
    let hour = 0;
    let minute = 0;
    let second = 0;
    for (const p of this.formatter(timeZone).formatToParts(instantMs)) {
      switch (p.type) {
        case 'year':
          year = Number(p.value);
          break;
        case 'month':
          month = Number(p.value);
          break;
        case 'day':
          day = Number(p.value);
          break;
        case 'hour':
          hour = Number(p.value) % 24;
          break;
        case 'minute':
          minute = Number(p.value);
          break;
        case 'second':
          second = Number(p.value);
          break;
        default:
          break;
      }
    }
    return Date.UTC(year, month - 1, day, hour, minute, second);
  }

  /** The zone's offset from UTC at an instant, in milliseconds (east positive: +3,600,000 for BST). */
  offsetMs(instantMs: number, timeZone: string): number {
    const wholeSecond = instantMs - (((instantMs % 1000) + 1000) % 1000);
    return this.wallAsUtc(wholeSecond, timeZone) - wholeSecond;
  }

  /** The zone's offset from UTC at an instant, in minutes (+60 for BST, −300 for EST). */
  offsetMinutes(instantMs: number, timeZone: string): number {
    return this.offsetMs(instantMs, timeZone) / MINUTE_MS;
  }

  /** What a clock on the wall in `timeZone` shows at the instant. */
  wallClock(instantMs: number, timeZone: string): WallClock {
    const local = instantMs + this.offsetMs(instantMs, timeZone);
    const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
    const intoDay = local - dayStart;
    return {
      date: new Date(dayStart).toISOString().slice(0, 10),
      minutes: Math.floor(intoDay / MINUTE_MS),
      remainderMs: intoDay % MINUTE_MS,
    };
  }

  /** The calendar date in `timeZone` at the instant. */
  localDate(instantMs: number, timeZone: string): string {
    return this.wallClock(instantMs, timeZone).date;
  }

  /**
   * The instant a wall clock in `timeZone` shows `date` at `minutes` after midnight (minutes may be 1440 or more,
   * for "the next day at …"). Repeated wall clocks give the earlier instant; skipped ones move forward by the gap.
   */
  toInstant(date: string, minutes: number, timeZone: string): number {
    if (!isIsoDate(date)) throw new RangeError(`"${date}" is not a date (YYYY-MM-DD).`);
    const local = Date.parse(`${date}T00:00:00.000Z`) + minutes * MINUTE_MS;
    const before = this.offsetMs(local - DAY_MS, timeZone);
    const guesses = [before, this.offsetMs(local, timeZone), this.offsetMs(local + DAY_MS, timeZone)];
    let best: number | undefined;
    for (const offset of guesses) {
      const t = local - offset;
      if (this.offsetMs(t, timeZone) === offset && (best === undefined || t < best)) best = t;
    }
    // No guess round-trips: the wall clock falls in a spring-forward gap. Read it with the offset in force before
    // the gap, which lands the same distance past the gap's end (01:30 GMT-reading → 02:30 BST).
    return best ?? local - before;
  }

  /** The first instant of a local calendar day (local midnight, or the first moment after it if skipped). */
  startOfDay(date: string, timeZone: string): number {
    return this.toInstant(date, 0, timeZone);
  }

  /** The first instant of the local day after the one `instantMs` falls in. */
  startOfNextDay(instantMs: number, timeZone: string): number {
    return this.startOfDay(addDays(this.localDate(instantMs, timeZone), 1), timeZone);
  }

  /** "Tue 31 Mar, 09:00" in `timeZone`. */
  format(instantMs: number, timeZone: string): string {
    const w = this.wallClock(instantMs, timeZone);
    return `${formatShortDate(w.date)}, ${formatMinutes(w.minutes)}`;
  }
}

/** The instant (ISO, Z) of a local wall clock. One-off convenience; loops should hold a `ZonedTime`. */
export function wallClockToInstant(date: string, time: string, timeZone: string): string {
  return new Date(new ZonedTime().toInstant(date, parseTimeOfDay(time), timeZone)).toISOString();
}

const TIME_OF_DAY = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?$/;

/**
 * Minutes after midnight for "HH:mm", "HH:mm:ss" or Graph's "HH:mm:ss.fffffff" ("08:30:00.0000000" → 510).
 * "24:00" is accepted as the end of the day (1440). Seconds must be zero: working hours are whole minutes.
 */
export function parseTimeOfDay(text: string): number {
  const m = TIME_OF_DAY.exec(text);
  const h = Number(m?.[1]);
  const min = Number(m?.[2]);
  const s = Number(m?.[3] ?? 0);
  if (!m || min > 59 || s !== 0 || h > 24 || (h === 24 && min !== 0)) {
    throw new RangeError(`"${text}" is not a time of day (HH:mm).`);
  }
  return h * 60 + min;
}

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)$/;

/**
 * The instant of a zone-less local date-time in `timeZone`, as Graph writes a `dateTimeTimeZone`
 * (`{ dateTime: "2026-03-30T09:00:00.0000000", timeZone: "Europe/London" }` → "2026-03-30T08:00:00.000Z").
 * Seconds and fractions are kept.
 */
export function localDateTimeToInstant(dateTime: string, timeZone: string): string {
  const m = LOCAL_DATE_TIME.exec(dateTime);
  if (!m) throw new RangeError(`"${dateTime}" is not a local date-time (YYYY-MM-DDTHH:mm[:ss[.fffffff]]).`);
  const [hh, mm, rest] = m[2]!.split(':');
  const seconds = rest === undefined ? 0 : Number(rest);
  const zoned = new ZonedTime();
  const minuteInstant = zoned.toInstant(m[1]!, Number(hh) * 60 + Number(mm), timeZone);
  return new Date(minuteInstant + Math.round(seconds * 1000)).toISOString();
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * Milliseconds since the epoch for an ISO instant that says its offset ("…Z" or "…+01:00"). A time without
 * an offset is refused: `Date` would read it in the server's own zone, which is a bug waiting for a DST day.
 */
export function parseInstant(text: string): number {
  const ms = INSTANT.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`"${text}" is not an instant with an offset (e.g. 2026-03-30T08:00:00Z).`);
  return ms;
}
