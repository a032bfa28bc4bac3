import type { MODERATION_ACTIONS } from '../../cards/moderation.js';
import { inputsOf, type FormData } from '../../cards/card-ref.js';
import { addActionRow, defaultActionOwner, removeActionRow, type ActionDraft } from '../../workflow/actions.js';
import type { Audit } from '../../workflow/audit.js';
import { toolFor } from '../../workflow/audit-tools/tools.js';
import { inputsFromModerationDraft, moderationDraftFromInputs } from '../forms/audit-form-inputs.js';
import { loadAudit } from '../../workflow/use-cases/load-audit.js';
import { cardChoice } from '../../workflow/use-cases/open-audit-card.js';
import { moderateAudit } from '../../workflow/use-cases/moderate-audit.js';
import { saveModerationDraft } from '../../workflow/use-cases/save-moderation-draft.js';
import type { CardActionContext, CardActionHandlers } from '../card-action.js';
import type { Services } from '../services.js';
import { auditCard } from '../views/audit-card-view.js';
import { openModeration } from '../../workflow/use-cases/open-moderation.js';
import { moderationCard } from '../views/moderation-view.js';

const MOVED_ON = 'Nothing changed: this moderation had already been confirmed. This is where the audit stands now.';

export function moderationHandlers(s: Services): CardActionHandlers<typeof MODERATION_ACTIONS> {
  const current = (auditId: string) => loadAudit(s.audits, s.tenantId, auditId);

  /** Shown again when the action fails: the card as typed (the form only to its moderator), or where it stands now. */
  function recoverForm({ actorId, recover }: CardActionContext<FormData>, audit: Audit, values: Record<string, string>, invalidBanner?: string) {
    recover({
      invalid: async (e) => moderationCard(s, await current(audit.id), actorId, { values, errors: e.fields, ...(invalidBanner ? { banner: invalidBanner } : {}) }),
      outOfDate: async () => moderationCard(s, await current(audit.id), actorId, { banner: MOVED_ON }),
      // The form as typed only to whom the domain shows the form (its moderator, while it waits for them).
      ...(cardChoice(audit, actorId)?.card === 'moderation' ? { unexpected: (banner: string) => moderationCard(s, audit, actorId, { values, banner }) } : {}),
    });
  }

  async function reshape(context: CardActionContext<FormData>, change: (rows: readonly ActionDraft[], owner: string) => readonly ActionDraft[]) {
    const { actorId, data, recover } = context;
    const audit = await current(data.auditId);
    const draft = moderationDraftFromInputs(inputsOf(data), toolFor(audit, s.profile));
    const reshaped = { ...draft, actions: change(draft.actions, defaultActionOwner(audit)) };
    const values = inputsFromModerationDraft(reshaped);
    recover({ invalid: (e) => moderationCard(s, audit, actorId, { values, errors: e.fields }) });
    const saved = await saveModerationDraft(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, draft: reshaped });
    return moderationCard(s, saved.audit, actorId, { values });
  }

  return {
    'moderation.refresh': async ({ actorId, data }) => {
      const { audit, otherwise } = await openModeration(s).execute({ tenantId: s.tenantId, auditId: data.auditId, viewerId: actorId });
      return otherwise ? auditCard(s, audit, otherwise, actorId) : moderationCard(s, audit, actorId);
    },

    'moderation.save': async (context) => {
      const { actorId, data } = context;
      const audit = await current(data.auditId);
      const values = inputsOf(data);
      recoverForm(context, audit, values, 'Not saved yet: one or more fields are too long.');
      const draft = moderationDraftFromInputs(values, toolFor(audit, s.profile));
      const result = await saveModerationDraft(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, draft });
      return moderationCard(s, result.audit, actorId, { values, banner: '✓ Draft saved. It will be here when you open this moderation again.' });
    },

    'moderation.confirm': async (context) => {
      const { actorId, data } = context;
      const audit = await current(data.auditId);
      const values = inputsOf(data);
      recoverForm(context, audit, values);
      const draft = moderationDraftFromInputs(values, toolFor(audit, s.profile));
      const result = await moderateAudit(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, draft });
      if (result.alreadyDone) return moderationCard(s, result.audit, actorId, { banner: MOVED_ON });
      s.kickDelivery();
      return moderationCard(s, result.audit, actorId);
    },

    'moderation.addAction': (context) => reshape(context, (rows, owner) => addActionRow(rows, owner)),
    'moderation.removeAction': (context) => reshape(context, (rows) => (context.data.rowId ? removeActionRow(rows, context.data.rowId) : rows)),
  };
}
