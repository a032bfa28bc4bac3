import { chaseAudit } from '../chasing/chase-audit.js';
import { chaseSettings } from '../chasing/chase-settings.js';
import { newDigest } from '../chasing/digest.js';
import { isInadequate, overallGrade } from '../chasing/inadequate.js';
import { withdrawReaudit } from '../chasing/reaudit.js';
import { quietUntil } from '../chasing/quiet-hours.js';
import { DEFAULT_TIME_ZONE, localDate } from '../dates.js';
import type { PolicyProfile } from '../policy/profile.js';
import type { Audits, Clock, Digests, Directory } from '../ports.js';
import type { PersonId } from '../people.js';
import type { Audit } from '../audit.js';

export interface ChaseTally {
  /** Audits read (the benchmark's "documents read per sweep"). */
  read: number;
  changed: number;
  digests: number;
  reaudits: number;
  /** Audits that could not be chased this pass, and why (they are tried again later). */
  failed: { auditId: string; error: string }[];
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
      const tally: ChaseTally = { read: 0, changed: 0, digests: 0, reaudits: 0, failed: [] };
      const due = await deps.audits.withChaseDue(tenantId, now, input.limit);
      tally.read = due.length;
      if (due.length === 0) return tally;
      const people = await deps.directory.all(tenantId);
      const byId = new Map(people.map((p) => [p.id, p]));
      const quietHours = deps.quietHours ?? true;
      const ctx = { now, settings, profile: deps.profile, people, quietHours };
      const digestsMade = new Set<PersonId>();

      for (const audit of due) {
        try {
          if (await chaseOne(audit)) tally.changed += 1;
        } catch (error) {
          // One audit that cannot be chased (bad data, a store that keeps refusing) must not hold up the rest: it
          // is looked at again in an hour, behind the others, and the failure is reported.
          tally.failed.push({ auditId: audit.id, error: error instanceof Error ? error.message : String(error) });
          await deps.audits.update(tenantId, audit.id, (c) => ({ ...c, nextChaseAt: new Date(now.getTime() + 3_600_000).toISOString() })).catch(() => undefined);
        }
      }
      return tally;

      async function chaseOne(audit: Audit): Promise<boolean> {
        // A re-audit goes out only while the audit it follows up is still Inadequate (a dispute may have changed it).
        if (audit.status === 'scheduled' && audit.reauditOf) {
          const parent = await deps.audits.get(tenantId, audit.reauditOf.auditId);
          if (parent && !isInadequate(parent)) {
            await deps.audits.update(tenantId, audit.id, (c) => withdrawReaudit(c, overallGrade(parent), at));
            return true;
          }
        }
        const plan = chaseAudit(audit, ctx);
        for (const managerId of plan.digestFor) {
          if (digestsMade.has(managerId)) continue;
          digestsMade.add(managerId);
          const notBefore = quietHours ? quietUntil(now, { timeZone: byId.get(managerId)?.timeZone ?? DEFAULT_TIME_ZONE }, settings.calendar)?.toISOString() : undefined;
          if (await deps.digests.create(newDigest({ tenantId, managerId, date: today, at, ...(notBefore ? { notBefore } : {}) }))) tally.digests += 1;
        }
        if (plan.reaudit && (await deps.audits.create(plan.reaudit))) tally.reaudits += 1;
        let changed = false;
        await deps.audits.update(tenantId, audit.id, (current) => {
          const next = chaseAudit(current, ctx).audit;
          changed = next !== current;
          return next;
        });
        return changed;
      }
    },
  };
}
