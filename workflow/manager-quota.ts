import type { Audit } from './audit.js';
import { hasRole, type Person } from './people.js';
import type { PolicyProfile } from './policy/profile.js';

/** Audits that still count towards a manager's reviews in a cycle: declined or withdrawn ones are someone else's now. */
const COUNTED = (a: Audit) => a.status !== 'declined' && a.status !== 'withdrawn';

/** Names listed in a note before it says "and n more": a note is one line on a card. */
const LISTED = 10;

function list(names: readonly string[]): string {
  const shown = names.slice(0, LISTED);
  const more = names.length - shown.length;
  return new Intl.ListFormat('en-GB').format(more > 0 ? [...shown, `${more} more`] : shown);
}

/**
 * BCP: "all managers complete one collaborative Practice Learning Review each month". Counts each manager's
 * reviews in the cycle (team and service managers who are reviewers) and says who has more than the profile
 * expects and who has none yet. Nothing when the profile sets no quota.
 */
export function managerQuotaNotes(cycleAudits: readonly Audit[], people: readonly Person[], profile: PolicyProfile): string[] {
  const quota = profile.reviewers.perManagerPerCycle;
  if (quota === undefined) return [];
  const managers = people.filter((p) => hasRole(p, 'reviewer') && (hasRole(p, 'teamManager') || hasRole(p, 'serviceManager')));
  const counts = new Map(managers.map((m) => [m.id, 0]));
  for (const a of cycleAudits.filter(COUNTED)) if (counts.has(a.reviewerId)) counts.set(a.reviewerId, counts.get(a.reviewerId)! + 1);
  const byName = [...managers].sort((a, b) => a.name.localeCompare(b.name));
  const over = byName.filter((m) => counts.get(m.id)! > quota).map((m) => `${m.name} (${counts.get(m.id)})`);
  const none = byName.filter((m) => counts.get(m.id) === 0).map((m) => m.name);
  const expected = `${quota} review${quota === 1 ? '' : 's'} per manager this cycle`;
  return [
    ...(over.length > 0 ? [`More than ${expected}: ${list(over)}.`] : []),
    ...(none.length > 0 ? [`No review yet this cycle (${expected} expected): ${list(none)}.`] : []),
  ];
}
