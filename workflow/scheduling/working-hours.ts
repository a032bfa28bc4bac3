/**
 * Working hours, as a person's mailbox settings state them: days of the week, a local start and end time, and
 * the time zone those times are read in. Missing hours fall back to the policy's default.
 */
import { addDays, DEFAULT_TIME_ZONE } from '../dates.js';
import { type Interval, normalise } from './intervals.js';
import { isTimeZone, parseTimeOfDay, ZonedTime } from './zoned-time.js';

/** Graph's `dayOfWeek` names, indexed as `Date#getUTCDay` counts (Sunday = 0). */
export const DAYS_OF_WEEK = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

export interface WorkingHours {
  readonly daysOfWeek: readonly DayOfWeek[];
  /** Local wall-clock time, "HH:mm" (Graph's "HH:mm:ss.fffffff" is accepted too). */
  readonly startTime: string;
  /**
   * Local wall-clock time. An end at or before the start means the hours run past midnight into the next day
   * (22:00–06:00); "00:00" or "24:00" ends at midnight. The day named in `daysOfWeek` is the day they start.
   */
  readonly endTime: string;
  /** IANA time zone the times are read in. */
  readonly timeZone: string;
}

/**
 * The policy's default working hours, used for anyone whose mailbox states none: Monday to Friday, 09:00–17:00,
 * UK time. (Policy profiles carry no working hours yet; a caller can pass its own default.)
 */
export const DEFAULT_WORKING_HOURS: WorkingHours = Object.freeze({
  daysOfWeek: Object.freeze(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const),
  startTime: '09:00',
  endTime: '17:00',
  timeZone: DEFAULT_TIME_ZONE,
});

/**
 * Windows time zone names Outlook and Graph use (mailboxSettings often say "GMT Standard Time"), mapped to the
 * IANA zone CLDR gives for each ("001" territory). The common ones; anything else is looked up as an IANA name.
 */
const WINDOWS_ZONES: Readonly<Record<string, string>> = Object.freeze({
  'Dateline Standard Time': 'Etc/GMT+12',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'Alaskan Standard Time': 'America/Anchorage',
  'Pacific Standard Time': 'America/Los_Angeles',
  'US Mountain Standard Time': 'America/Phoenix',
  'Mountain Standard Time': 'America/Denver',
  'Central Standard Time': 'America/Chicago',
  'Canada Central Standard Time': 'America/Regina',
  'Eastern Standard Time': 'America/New_York',
  'Atlantic Standard Time': 'America/Halifax',
  'Newfoundland Standard Time': 'America/St_Johns',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'UTC': 'UTC',
  'Coordinated Universal Time': 'UTC',
  'GMT Standard Time': 'Europe/London',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Romance Standard Time': 'Europe/Paris',
  'Central European Standard Time': 'Europe/Warsaw',
  'GTB Standard Time': 'Europe/Bucharest',
  'FLE Standard Time': 'Europe/Helsinki',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'Turkey Standard Time': 'Europe/Istanbul',
  'Israel Standard Time': 'Asia/Jerusalem',
  'Egypt Standard Time': 'Africa/Cairo',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'Russian Standard Time': 'Europe/Moscow',
  'Arabian Standard Time': 'Asia/Dubai',
  'Pakistan Standard Time': 'Asia/Karachi',
  'India Standard Time': 'Asia/Kolkata',
  'Nepal Standard Time': 'Asia/Kathmandu',
  'Singapore Standard Time': 'Asia/Singapore',
  'China Standard Time': 'Asia/Shanghai',
  'W. Australia Standard Time': 'Australia/Perth',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Cen. Australia Standard Time': 'Australia/Adelaide',
  'E. Australia Standard Time': 'Australia/Brisbane',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'New Zealand Standard Time': 'Pacific/Auckland',
});

/** An IANA zone for a name Graph may give: IANA names as they are, common Windows names mapped; else undefined. */
export function normaliseTimeZone(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const trimmed = name.trim();
  const mapped = WINDOWS_ZONES[trimmed];
  if (mapped) return mapped;
  return isTimeZone(trimmed) ? trimmed : undefined;
}

/** Mailbox working hours as Graph's `mailboxSettings.workingHours` holds them, with plain strings. */
export interface MailboxWorkingHours {
  readonly daysOfWeek?: readonly string[] | null;
  readonly startTime?: string | null;
  readonly endTime?: string | null;
  readonly timeZone?: { readonly name?: string | null } | null;
}

/**
 * Working hours from a mailbox's settings, or undefined when they are missing or unusable (no days, unreadable
 * times, a time zone that is neither IANA nor a known Windows name): the caller then uses the policy default.
 */
export function workingHoursFromMailbox(raw: MailboxWorkingHours | null | undefined): WorkingHours | undefined {
  if (!raw) return undefined;
  const days = (raw.daysOfWeek ?? [])
    .map((d) => d.toLowerCase())
    .filter((d): d is DayOfWeek => (DAYS_OF_WEEK as readonly string[]).includes(d));
  const timeZone = normaliseTimeZone(raw.timeZone?.name ?? undefined);
  if (days.length === 0 || !raw.startTime || !raw.endTime || !timeZone) return undefined;
  try {
    parseTimeOfDay(raw.startTime);
    parseTimeOfDay(raw.endTime);
  } catch {
    return undefined;
  }
  return { daysOfWeek: [...new Set(days)], startTime: raw.startTime, endTime: raw.endTime, timeZone };
}

/** Working hours in the form the slot finder computes with. */
export interface ResolvedWorkingHours {
  readonly days: ReadonlySet<number>;
  readonly start: number;
  /** Minutes after the start day's midnight: more than 1440 when the hours run past midnight. */
  readonly end: number;
  readonly timeZone: string;
}

/** Validates hours and puts them in minutes. Throws RangeError on an unknown zone or an unreadable time. */
export function resolveWorkingHours(hours: WorkingHours): ResolvedWorkingHours {
  const timeZone = normaliseTimeZone(hours.timeZone);
  if (!timeZone) throw new RangeError(`"${hours.timeZone}" is not a time zone (an IANA name such as Europe/London).`);
  const start = parseTimeOfDay(hours.startTime) % 1440;
  let end = parseTimeOfDay(hours.endTime);
  if (end <= start) end += 1440;
  const days = new Set(hours.daysOfWeek.map((d) => DAYS_OF_WEEK.indexOf(d)).filter((i) => i >= 0));
  return { days, start, end, timeZone };
}

/**
 * The instants someone is at work between `fromMs` and `toMs`: one interval per working day, each opening at
 * the local start time and closing at the local end time of that very day, so it follows DST (09:00 Europe/London
 * is 08:00Z in summer and 09:00Z in winter), clipped to the range.
 */
export function workingIntervals(hours: ResolvedWorkingHours, fromMs: number, toMs: number, zoned: ZonedTime): Interval[] {
  if (toMs <= fromMs) return [];
  // Start a day early: hours that run past midnight may reach into the range from the day before.
  let date = addDays(zoned.localDate(fromMs, hours.timeZone), -1);
  const lastDate = zoned.localDate(toMs, hours.timeZone);
  const out: Interval[] = [];
  for (; date <= lastDate; date = addDays(date, 1)) {
    if (!hours.days.has(new Date(`${date}T00:00:00.000Z`).getUTCDay())) continue;
    const start = Math.max(zoned.toInstant(date, hours.start, hours.timeZone), fromMs);
    const end = Math.min(zoned.toInstant(date, hours.end, hours.timeZone), toMs);
    if (end > start) out.push({ start, end });
  }
  return normalise(out);
}
