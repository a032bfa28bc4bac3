/**
 * Splitting a free/busy question into getSchedule calls Graph accepts: at most 20 schedules per call (documented
 * limit) and a window under 62 days. Every (schedules, window) pair is one call; the union of the answers covers
 * every schedule over the whole window.
 *
 * An item that crosses a chunk boundary comes back in both chunks; the slot finder merges overlapping intervals,
 * so the duplicates are harmless.
 */
import { parseInstant } from './zoned-time.js';

export const MAX_SCHEDULES_PER_REQUEST = 20;
/** Graph refuses windows of 62 days or more; chunks are at most 61 days, safely under. */
export const MAX_WINDOW_DAYS = 61;

const DAY_MS = 86_400_000;

export interface ScheduleRequest {
  /** SMTP addresses (or ids), at most 20. */
  readonly schedules: readonly string[];
  /** ISO instant. */
  readonly start: string;
  /** ISO instant; less than 62 days after `start`. */
  readonly end: string;
}

export interface ScheduleLimits {
  readonly maxSchedules?: number;
  readonly maxWindowDays?: number;
}

/**
 * The getSchedule calls that ask about `schedules` over [start, end): schedules deduplicated (addresses compare
 * case-insensitively, the first spelling kept) and batched in the order given, the window cut into consecutive
 * chunks. Time chunks are the outer order, so the earliest days are answered first. None when there is nothing
 * to ask.
 */
export function scheduleRequests(
  schedules: readonly string[],
  window: { readonly start: string; readonly end: string },
  limits: ScheduleLimits = {},
): ScheduleRequest[] {
  const maxSchedules = limits.maxSchedules ?? MAX_SCHEDULES_PER_REQUEST;
  const maxWindowDays = limits.maxWindowDays ?? MAX_WINDOW_DAYS;
  if (!Number.isInteger(maxSchedules) || maxSchedules < 1 || maxSchedules > MAX_SCHEDULES_PER_REQUEST) {
    throw new RangeError(`Schedules per call is 1 to ${MAX_SCHEDULES_PER_REQUEST} (got ${maxSchedules}).`);
  }
  if (!(maxWindowDays > 0 && maxWindowDays < 62)) throw new RangeError(`A window is under 62 days (got ${maxWindowDays}).`);
  const start = parseInstant(window.start);
  const end = parseInstant(window.end);

  const seen = new Set<string>();
  const unique: string[] = [];
  for (const s of schedules) {
    const key = s.trim().toLowerCase();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    unique.push(s.trim());
  }
  if (unique.length === 0 || end <= start) return [];

  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += maxSchedules) batches.push(unique.slice(i, i + maxSchedules));

  const spanMs = Math.floor(maxWindowDays * DAY_MS);
  const requests: ScheduleRequest[] = [];
  for (let from = start; from < end; from += spanMs) {
    const to = Math.min(from + spanMs, end);
    for (const batch of batches) {
      requests.push({ schedules: batch, start: new Date(from).toISOString(), end: new Date(to).toISOString() });
    }
  }
  return requests;
}
