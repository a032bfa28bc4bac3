import type { PolicyProfile } from './policy/profile.js';

const CYCLE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isCycle(text: string): boolean {
  return CYCLE.test(text);
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
