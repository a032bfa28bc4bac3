import type { ReviewVerb } from '../../cards/review.js';
import { addActionRow, defaultActionOwner, removeActionRow } from '../../workflow/actions.js';
import { toolFor } from '../../workflow/audit-tools/tools.js';
import { DomainError, IllegalTransition, InvalidInput, StaleCard } from '../../workflow/errors.js';
import { fieldsFromReviewDraft, reviewDraftFromFields } from '../../workflow/review/fields.js';
import { saveReviewDraft } from '../../workflow/use-cases/save-review-draft.js';
import { submitReview } from '../../workflow/use-cases/submit-review.js';
import { inputsOf } from '../card-data.js';
import type { Services } from '../services.js';
import { unexpectedOnForm } from '../error-cards.js';
import { reviewCard } from '../views/review-view.js';
import type { CardActionHandler } from './card-action.js';
import { cardForViewer, openForm } from './open-audit.js';

const MOVED_ON = 'Nothing changed: this audit has moved on since that card was shown. This is where it stands now.';

/** What happened to a submitted audit, in the reviewer's words. */
function submittedNotice(status: string, reason: string | undefined): string {
  if (status === 'finalised') return `✓ Submitted and finalised: ${reason ?? 'not sampled for moderation'}. The result has gone to the practitioner and team manager.`;
  return `✓ Submitted. It has gone for moderation (${reason ?? 'sampled'}).`;
}

export function reviewHandlers(s: Services): Record<ReviewVerb, CardActionHandler> {
  /** Add/remove rows re-render the form with everything typed, and keep it as a draft when it can be kept. */
  async function reshape(actorId: string, raw: unknown, change: (rows: ReturnType<typeof reviewDraftFromFields>['actions'], data: { rowId?: string }, ownerId: string) => ReturnType<typeof reviewDraftFromFields>['actions']) {
    const { data, audit } = await openForm(s, raw, 'review');
    const draft = reviewDraftFromFields(inputsOf(data), toolFor(audit, s.profile));
    const reshaped = { ...draft, actions: change(draft.actions, data, defaultActionOwner(audit)) };
    let current;
    try {
      current = (await saveReviewDraft(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, draft: reshaped })).audit;
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      return reviewCard(s, audit, actorId, { values: fieldsFromReviewDraft(reshaped), errors: error.fields });
    }
    return reviewCard(s, current, actorId, { values: fieldsFromReviewDraft(reshaped) });
  }

  return {
    'review.refresh': async (actorId, raw) => {
      const { audit } = await openForm(s, raw, 'review');
      return cardForViewer(s, audit, actorId);
    },

    'review.save': async (actorId, raw) => {
      const { data, audit } = await openForm(s, raw, 'review');
      const values = inputsOf(data);
      try {
        const draft = reviewDraftFromFields(values, toolFor(audit, s.profile));
        const result = await saveReviewDraft(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, draft });
        return reviewCard(s, result.audit, actorId, { values, notice: '✓ Draft saved. It will be here when you open this audit again, on any device.' });
      } catch (error) {
        if (error instanceof InvalidInput) return reviewCard(s, audit, actorId, { values, errors: error.fields, notice: 'Not saved yet: one or more fields are too long.' });
        if (error instanceof IllegalTransition || error instanceof StaleCard) return cardForViewer(s, (await s.audits.get(s.tenantId, audit.id)) ?? audit, actorId, MOVED_ON);
        if (error instanceof DomainError || audit.reviewerId !== actorId) throw error;
        return reviewCard(s, audit, actorId, { values, notice: unexpectedOnForm(s, error, { verb: 'review.save', auditId: audit.id }) });
      }
    },

    'review.submit': async (actorId, raw) => {
      const { data, audit } = await openForm(s, raw, 'review');
      const values = inputsOf(data);
      try {
        const draft = reviewDraftFromFields(values, toolFor(audit, s.profile));
        const result = await submitReview(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, draft });
        if (result.alreadyDone) return cardForViewer(s, result.audit, actorId, 'You had already submitted this audit. Nothing changed.');
        s.kickDelivery();
        return cardForViewer(s, result.audit, actorId, submittedNotice(result.audit.status, result.audit.sampling?.reason));
      } catch (error) {
        if (error instanceof InvalidInput) {
          const current = (await s.audits.get(s.tenantId, audit.id)) ?? audit;
          return reviewCard(s, current, actorId, { values, errors: error.fields });
        }
        if (error instanceof IllegalTransition || error instanceof StaleCard) return cardForViewer(s, (await s.audits.get(s.tenantId, audit.id)) ?? audit, actorId, MOVED_ON);
        if (error instanceof DomainError || audit.reviewerId !== actorId) throw error;
        return reviewCard(s, audit, actorId, { values, notice: unexpectedOnForm(s, error, { verb: 'review.submit', auditId: audit.id }) });
      }
    },

    'review.addAction': (actorId, raw) => reshape(actorId, raw, (rows, _data, owner) => addActionRow(rows, owner)),
    'review.removeAction': (actorId, raw) => reshape(actorId, raw, (rows, data) => (data.rowId ? removeActionRow(rows, data.rowId) : rows)),
  };
}
