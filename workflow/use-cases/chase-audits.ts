import { chaseAudit } from '../chasing/chase-audit.js';
import { chaseSettings } from '../chasing/chase-settings.js';
import { newDigest } from '../chasing/digest.js';
import { nextSendTime } from '../chasing/quiet-hours.js';
import { DEFAULT_TIME_ZONE, localDate } from '../dates.js';
import type { PolicyProfile } from '../policy/profile.js';
import type { Audits, Clock, Digests, Directory } from '../ports.js';
import type { Person, PersonId } from '../people.js';

export interface ChaseTally {
  /** Audits read (the benchmark's "documents read per sweep"). */
  read: number;
  changed: number;
  digests: number;
  reaudits: number;
}

/**
 * One pass of the chase sweep for a tenant: reads only audits whose `nextChaseAt` has come, and for each one
 * creates what lives in other documents first (today's digests of its managers, its scheduled re-audit: both
 * create-once by id), then writes the audit with the messages it owes under its ETag. A crash between the two
 * writes loses nothing: the audit is still due, and the second pass finds the digest or re-audit there already.
 */
export function chaseAudits(deps: { audits: Audits; digests: Digests; directory: Directory; clock: Clock; profile: PolicyProfile; quietHours?: boolean }) {
  const settings = chaseSettings(deps.profile);
  return {
    async execute(input: { tenantId: string; limit: number }): Promise<ChaseTally> {
      const { tenantId } = input;
      const now = deps.clock.now();
      const at = now.toISOString();
      const today = localDate(now);
      const tally: ChaseTally = { read: 0, changed: 0, digests: 0, reaudits: 0 };
      const due = await deps.audits.withChaseDue(tenantId, now, input.limit);
      tally.read = due.length;
      if (due.length === 0) return tally;
      const people = await deps.directory.all(tenantId);
      const byId = new Map(people.map((p) => [p.id, p]));
      const quietHours = deps.quietHours ?? true;
      const ctx = { now, settings, profile: deps.profile, people, quietHours };
      const digestsMade = new Set<PersonId>();

      for (const audit of due) {
        const plan = chaseAudit(audit, ctx);
        for (const managerId of plan.digestFor) {
          if (digestsMade.has(managerId)) continue;
          digestsMade.add(managerId);
          const notBefore = quietHours ? morningOf(byId.get(managerId), now, settings.calendar) : undefined;
          if (await deps.digests.create(newDigest({ tenantId, managerId, date: today, coordinatorId: audit.coordinatorId, at, ...(notBefore ? { notBefore } : {}) }))) tally.digests += 1;
        }
        if (plan.reaudit && (await deps.audits.create(plan.reaudit))) tally.reaudits += 1;
        let changed = false;
        await deps.audits.update(tenantId, audit.id, (current) => {
          const next = chaseAudit(current, ctx).audit;
          changed = next !== current;
          return next;
        });
        if (changed) tally.changed += 1;
      }
      return tally;
    },
  };
}

/** A digest waits for the manager's working hours; undefined when they have begun. */
function morningOf(person: Person | undefined, now: Date, calendar: Parameters<typeof nextSendTime>[2]): string | undefined {
  try {
    const t = nextSendTime(now, { timeZone: person?.timeZone ?? DEFAULT_TIME_ZONE }, calendar);
    return t.getTime() > now.getTime() ? t.toISOString() : undefined;
  } catch {
    return undefined;
  }
}
