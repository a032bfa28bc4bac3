import type { PolicyProfile } from './policy/profile.js';

const CYCLE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isCycle(text: string): boolean {
  return CYCLE.test(text);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Whether `cycle` falls outside the profile's rhythm: for Sandwell's bi-monthly cycle, a learning month, when no case
 * list is drawn. Undefined when it fits (or the profile draws every month). The list loads all the same: the
 * coordinator is told, in case it was meant for a review month.
 */
export function rhythmNote(cycle: string, profile: PolicyProfile): string | undefined {
  const months = profile.cycle.reviewMonths;
  const match = CYCLE.exec(cycle);
  if (!match || !months || profile.cycle.cadence === 'monthly') return undefined;
  const month = Number(match[2]);
  if (months.includes(month)) return undefined;
  const list = new Intl.ListFormat('en-GB').format([...months].sort((a, b) => a - b).map((m) => MONTHS[m - 1]!));
  return `${MONTHS[month - 1]} is a learning month in the ${profile.cycle.cadence} rhythm: case lists are drawn in ${list}. It was loaded all the same; check the cycle if it was meant for a review month.`;
}

/** The cycle's deadline: the last day of the month `auditWindowMonths` after the cycle starts (YYYY-MM-DD). */
export function cycleDeadline(cycle: string, profile: PolicyProfile): string {
  const match = CYCLE.exec(cycle);
  if (!match) throw new Error(`Cycle "${cycle}" is not YYYY-MM.`);
  const year = Number(match[1]);
  const month = Number(match[2]) - 1 + profile.cycle.auditWindowMonths;
  // Day 0 of the following month is the last day of the month we want.
  const last = new Date(Date.UTC(year, month, 0));
  return last.toISOString().slice(0, 10);
}
