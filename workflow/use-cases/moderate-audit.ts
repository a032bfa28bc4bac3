import { requireStatus, type Audit } from '../audit.js';
import type { ScopeId } from '../audit-tools/audit-tool.js';
import { localDate } from '../dates.js';
import { InvalidInput, NotFound } from '../errors.js';
import type { Grade } from '../grades.js';
import {
  applyModeration,
  moderationDraftShapeProblems,
  requireModerator,
  submittedTool,
  validateModeration,
  withModerationDraft,
  type ModerationDraft,
} from '../moderation/moderation.js';
import type { PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import type { Audits, Clock, Directory } from '../ports.js';
import type { AuditOutcome } from './audit-outcome.js';
import { chaseSoon } from '../chasing/chase-audit.js';
import { followOverallGrade } from '../chasing/inadequate.js';

export interface ModerateAuditInput {
  readonly tenantId: string;
  readonly auditId: string;
  readonly actorId: PersonId;
  /** Per scope 'agree' or a grade, with reasons; actions the moderator adds. Exactly as typed. */
  readonly draft: ModerationDraft;
}

/** This moderator has confirmed already: a second click, a retried invoke, or the same card on two devices. */
function moderatedBy(audit: Audit, actorId: PersonId): boolean {
  return audit.moderation?.outcome !== undefined && audit.moderatorId === actorId;
}

/**
 * Confirm moderation: only the assigned moderator. Every scope is agreed or changed (a change needs a reason);
 * problems come back all at once as InvalidInput, with the draft saved as typed. On success both the original
 * and the moderated grade are kept per scope (the moderated one is final), the audit goes moderated →
 * finalised, and the result cards go to the practitioner, the team manager and the reviewer. A second confirm
 * — even racing the first from another device — finds it done (`alreadyDone`) and changes nothing.
 */
export function moderateAudit(deps: { audits: Audits; directory: Directory; clock: Clock; profile: PolicyProfile }) {
  return {
    async execute(input: ModerateAuditInput): Promise<AuditOutcome> {
      const { tenantId, auditId, actorId, draft } = input;
      const now = deps.clock.now();
      const at = now.toISOString();
      const current = await deps.audits.get(tenantId, auditId);
      if (!current) throw new NotFound(`Audit ${auditId}`);
      if (moderatedBy(current, actorId)) return { audit: current, alreadyDone: true };
      requireModerator(current, actorId, 'moderate an audit assigned to another moderator');
      requireStatus(current, ['awaitingModeration'], 'moderated');

      const tool = submittedTool(current);
      const original: Record<ScopeId, Grade> = Object.fromEntries(Object.entries(current.grades ?? {}).map(([s, g]) => [s, g.original]));
      const people = await deps.directory.all(tenantId);
      const check = validateModeration(draft, {
        tool,
        original,
        existingActions: current.actions ?? [],
        today: localDate(now),
        maxWeeks: deps.profile.actions.maxWeeks,
        remedialActionDays: deps.profile.inadequate.remedialActionDays,
        remedialActions: deps.profile.inadequate.remedialActions,
        people,
        ...(current.moderation?.panel ? { panel: { chairId: actorId, members: current.moderation.panel } } : {}),
      });
      if (!check.ok) {
        if (Object.keys(moderationDraftShapeProblems(draft, tool)).length === 0) {
          await deps.audits.update(tenantId, auditId, (c) => withModerationDraft(c, actorId, draft, at));
        }
        throw new InvalidInput(check.problems);
      }

      let alreadyDone = false;
      const audit = await deps.audits.update(tenantId, auditId, (c) => {
        alreadyDone = moderatedBy(c, actorId);
        if (alreadyDone) return c;
        // Moderated to Inadequate (or confirmed so) starts the pathway; moderated away from it stops its clocks.
        return chaseSoon(followOverallGrade(applyModeration(c, actorId, check.moderation, deps.profile, at), { profile: deps.profile, people, at, by: actorId, how: 'moderation' }), at);
      });
      return { audit, alreadyDone };
    },
  };
}
