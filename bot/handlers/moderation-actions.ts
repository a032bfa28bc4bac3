import type { ModerationVerb } from '../../cards/moderation.js';
import { addActionRow, defaultActionOwner, removeActionRow, type ActionDraft } from '../../workflow/actions.js';
import { toolFor } from '../../workflow/audit-tools/tools.js';
import { DomainError, IllegalTransition, InvalidInput, StaleCard } from '../../workflow/errors.js';
import { fieldsFromModerationDraft, moderationDraftFromFields } from '../../workflow/review/fields.js';
import { moderateAudit } from '../../workflow/use-cases/moderate-audit.js';
import { saveModerationDraft } from '../../workflow/use-cases/save-moderation-draft.js';
import { inputsOf } from '../card-data.js';
import type { Services } from '../services.js';
import { unexpectedOnForm } from '../error-cards.js';
import { moderationCard } from '../views/moderation-view.js';
import type { CardActionHandler } from './card-action.js';
import { cardForViewer, openForm } from './open-audit.js';

const MOVED_ON = 'Nothing changed: this moderation had already been confirmed. This is where the audit stands now.';

export function moderationHandlers(s: Services): Record<ModerationVerb, CardActionHandler> {
  async function reshape(actorId: string, raw: unknown, change: (rows: readonly ActionDraft[], rowId: string | undefined, owner: string) => readonly ActionDraft[]) {
    const { data, audit } = await openForm(s, raw, 'moderation');
    const draft = moderationDraftFromFields(inputsOf(data), toolFor(audit, s.profile));
    const reshaped = { ...draft, actions: change(draft.actions, data.rowId, defaultActionOwner(audit)) };
    try {
      const saved = await saveModerationDraft(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, draft: reshaped });
      return moderationCard(s, saved.audit, actorId, { values: fieldsFromModerationDraft(reshaped) });
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      return moderationCard(s, audit, actorId, { values: fieldsFromModerationDraft(reshaped), errors: error.fields });
    }
  }

  async function current(auditId: string) {
    return (await s.audits.get(s.tenantId, auditId))!;
  }

  return {
    'moderation.refresh': async (actorId, raw) => {
      const { audit } = await openForm(s, raw, 'moderation');
      return audit.moderatorId === actorId ? moderationCard(s, audit, actorId) : cardForViewer(s, audit, actorId);
    },

    'moderation.save': async (actorId, raw) => {
      const { data, audit } = await openForm(s, raw, 'moderation');
      const values = inputsOf(data);
      try {
        const draft = moderationDraftFromFields(values, toolFor(audit, s.profile));
        const result = await saveModerationDraft(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, draft });
        return moderationCard(s, result.audit, actorId, { values, notice: '✓ Draft saved. It will be here when you open this moderation again.' });
      } catch (error) {
        if (error instanceof InvalidInput) return moderationCard(s, audit, actorId, { values, errors: error.fields, notice: 'Not saved yet: one or more fields are too long.' });
        if (error instanceof IllegalTransition || error instanceof StaleCard) return moderationCard(s, await current(audit.id), actorId, { notice: MOVED_ON });
        if (error instanceof DomainError || audit.moderatorId !== actorId) throw error;
        return moderationCard(s, audit, actorId, { values, notice: unexpectedOnForm(s, error, { verb: 'moderation.save', auditId: audit.id }) });
      }
    },

    'moderation.confirm': async (actorId, raw) => {
      const { data, audit } = await openForm(s, raw, 'moderation');
      const values = inputsOf(data);
      try {
        const draft = moderationDraftFromFields(values, toolFor(audit, s.profile));
        const result = await moderateAudit(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, draft });
        if (result.alreadyDone) return moderationCard(s, result.audit, actorId, { notice: MOVED_ON });
        s.kickDelivery();
        return moderationCard(s, result.audit, actorId);
      } catch (error) {
        if (error instanceof InvalidInput) return moderationCard(s, await current(audit.id), actorId, { values, errors: error.fields });
        if (error instanceof IllegalTransition || error instanceof StaleCard) return moderationCard(s, await current(audit.id), actorId, { notice: MOVED_ON });
        if (error instanceof DomainError || audit.moderatorId !== actorId) throw error;
        return moderationCard(s, audit, actorId, { values, notice: unexpectedOnForm(s, error, { verb: 'moderation.confirm', auditId: audit.id }) });
      }
    },

    'moderation.addAction': (actorId, raw) => reshape(actorId, raw, (rows, _rowId, owner) => addActionRow(rows, owner)),
    'moderation.removeAction': (actorId, raw) => reshape(actorId, raw, (rows, rowId) => (rowId ? removeActionRow(rows, rowId) : rows)),
  };
}
