import { withModerationDraft, type ModerationDraft } from '../moderation/moderation.js';
import type { PersonId } from '../people.js';
import type { Audits, Clock } from '../ports.js';
import type { AuditOutcome } from './audit-outcome.js';

export interface SaveModerationDraftInput {
  readonly tenantId: string;
  readonly auditId: string;
  readonly actorId: PersonId;
  /** Exactly as typed (see review/fields.ts `moderationDraftFromFields`). */
  readonly draft: ModerationDraft;
}

/**
 * Keeps the moderator's choices and reasons as typed, so nothing is lost. Only the assigned moderator, only
 * while awaiting moderation. `alreadyDone` when the same draft was already saved.
 */
export function saveModerationDraft(deps: { audits: Audits; clock: Clock }) {
  return {
    async execute(input: SaveModerationDraftInput): Promise<AuditOutcome> {
      const at = deps.clock.now().toISOString();
      let alreadyDone = false;
      const audit = await deps.audits.update(input.tenantId, input.auditId, (current) => {
        const next = withModerationDraft(current, input.actorId, input.draft, at);
        alreadyDone = next === current;
        return next;
      });
      return { audit, alreadyDone };
    },
  };
}
