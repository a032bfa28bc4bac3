import type { REVIEW_ACTIONS } from '../../cards/review.js';
import { inputsOf, type FormData } from '../../cards/card-ref.js';
import { addActionRow, defaultActionOwner, removeActionRow, type ActionDraft } from '../../workflow/actions.js';
import type { Audit } from '../../workflow/audit.js';
import { toolFor } from '../../workflow/audit-tools/tools.js';
import { inputsFromReviewDraft, reviewDraftFromInputs } from '../forms/audit-form-inputs.js';
import { loadAudit } from '../../workflow/use-cases/load-audit.js';
import { cardChoice } from '../../workflow/use-cases/open-audit-card.js';
import { saveReviewDraft } from '../../workflow/use-cases/save-review-draft.js';
import { submitReview } from '../../workflow/use-cases/submit-review.js';
import type { CardActionContext, CardActionHandlers } from '../card-action.js';
import type { Services } from '../services.js';
import { cardForViewer } from '../views/audit-card-view.js';
import { reviewCard } from '../views/review-view.js';

const MOVED_ON = 'Nothing changed: this audit has moved on since that card was shown. This is where it stands now.';

/** What happened to a submitted audit, in the reviewer's words. */
function submittedBanner(status: string, reason: string | undefined): string {
  if (status === 'finalised') return `✓ Submitted and finalised: ${reason ?? 'not sampled for moderation'}. The result has gone to the practitioner and team manager.`;
  return `✓ Submitted. It has gone for moderation (${reason ?? 'sampled'}).`;
}

export function reviewHandlers(s: Services): CardActionHandlers<typeof REVIEW_ACTIONS> {
  /** Shown again when the action fails: the form as typed (only to its reviewer), or where the audit stands now. */
  function recoverForm({ actorId, recover }: CardActionContext<FormData>, audit: Audit, values: Record<string, string>, invalidBanner?: string) {
    recover({
      invalid: async (e) => reviewCard(s, await loadAudit(s.audits, s.tenantId, audit.id), actorId, { values, errors: e.fields, ...(invalidBanner ? { banner: invalidBanner } : {}) }),
      outOfDate: async () => cardForViewer(s, await loadAudit(s.audits, s.tenantId, audit.id), actorId, MOVED_ON),
      // The form as typed only to whom the domain shows the form (its reviewer, while it is theirs to write).
      ...(cardChoice(audit, actorId)?.card === 'review' ? { unexpected: (banner: string) => reviewCard(s, audit, actorId, { values, banner }) } : {}),
    });
  }

  /** Add/remove rows re-render the form with everything typed, and keep it as a draft when it can be kept. */
  async function reshape(context: CardActionContext<FormData>, change: (rows: readonly ActionDraft[], ownerId: string) => readonly ActionDraft[]) {
    const { actorId, data, recover } = context;
    const audit = await loadAudit(s.audits, s.tenantId, data.auditId);
    const draft = reviewDraftFromInputs(inputsOf(data), toolFor(audit, s.profile));
    const reshaped = { ...draft, actions: change(draft.actions, defaultActionOwner(audit)) };
    const values = inputsFromReviewDraft(reshaped);
    recover({ invalid: (e) => reviewCard(s, audit, actorId, { values, errors: e.fields }) });
    const saved = await saveReviewDraft(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, draft: reshaped });
    return reviewCard(s, saved.audit, actorId, { values });
  }

  return {
    'review.refresh': async ({ actorId, data }) => cardForViewer(s, await loadAudit(s.audits, s.tenantId, data.auditId), actorId),

    'review.save': async (context) => {
      const { actorId, data } = context;
      const audit = await loadAudit(s.audits, s.tenantId, data.auditId);
      const values = inputsOf(data);
      recoverForm(context, audit, values, 'Not saved yet: one or more fields are too long.');
      const draft = reviewDraftFromInputs(values, toolFor(audit, s.profile));
      const result = await saveReviewDraft(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, draft });
      return reviewCard(s, result.audit, actorId, { values, banner: '✓ Draft saved. It will be here when you open this audit again, on any device.' });
    },

    'review.submit': async (context) => {
      const { actorId, data } = context;
      const audit = await loadAudit(s.audits, s.tenantId, data.auditId);
      const values = inputsOf(data);
      recoverForm(context, audit, values);
      const draft = reviewDraftFromInputs(values, toolFor(audit, s.profile));
      const result = await submitReview(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, draft });
      if (result.alreadyDone) return cardForViewer(s, result.audit, actorId, 'You had already submitted this audit. Nothing changed.');
      s.kickDelivery();
      return cardForViewer(s, result.audit, actorId, submittedBanner(result.audit.status, result.audit.sampling?.reason));
    },

    'review.addAction': (context) => reshape(context, (rows, owner) => addActionRow(rows, owner)),
    'review.removeAction': (context) => reshape(context, (rows) => (context.data.rowId ? removeActionRow(rows, context.data.rowId) : rows)),
  };
}
