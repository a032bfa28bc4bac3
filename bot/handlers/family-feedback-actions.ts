import type { z } from 'zod';
import type { FAMILY_FEEDBACK_ACTIONS, FamilyFeedbackData } from '../../cards/family-feedback.js';
import { FAMILY_FEEDBACK_PATH } from '../../workflow/review/family-feedback.js';
import { openFamilyFeedback } from '../../workflow/use-cases/open-family-feedback.js';
import { recordFamilyFeedback } from '../../workflow/use-cases/record-family-feedback.js';
import type { CardActionHandlers } from '../card-action.js';
import type { Services } from '../services.js';
import { familyFeedbackCard } from '../views/family-feedback-view.js';

/** The reviewer's follow-up of family feedback not obtained at submission (BC-10). */
export function familyFeedbackHandlers(s: Services): CardActionHandlers<typeof FAMILY_FEEDBACK_ACTIONS> {
  const P = FAMILY_FEEDBACK_PATH;
  const open = (actorId: string, auditId: string) => openFamilyFeedback(s).execute({ tenantId: s.tenantId, auditId, viewerId: actorId });
  const typed = (data: z.infer<typeof FamilyFeedbackData>) => ({ [P.said]: data[P.said] ?? '', [P.why]: data[P.why] ?? '', [P.planBy]: data[P.planBy] ?? '' });
  return {
    'familyFeedback.refresh': async ({ actorId, data }) => familyFeedbackCard(s, await open(actorId, data.auditId), actorId),
    'familyFeedback.record': async ({ actorId, data, recover }) => {
      const audit = await open(actorId, data.auditId);
      const values = typed(data);
      recover({ invalid: (e) => familyFeedbackCard(s, audit, actorId, { values, errors: e.fields }), outOfDate: async (e) => familyFeedbackCard(s, await open(actorId, audit.id), actorId, { banner: e.message }) });
      const result = await recordFamilyFeedback(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, answer: { kind: 'obtained', said: values[P.said]! } });
      return familyFeedbackCard(s, result.audit, actorId, { banner: result.alreadyDone ? 'Nothing changed: this is what you had already recorded.' : '✓ Recorded. It is on the audit, and the plan is closed.' });
    },
    'familyFeedback.replan': async ({ actorId, data, recover }) => {
      const audit = await open(actorId, data.auditId);
      const values = typed(data);
      recover({ invalid: (e) => familyFeedbackCard(s, audit, actorId, { values, errors: e.fields }), outOfDate: async (e) => familyFeedbackCard(s, await open(actorId, audit.id), actorId, { banner: e.message }) });
      const result = await recordFamilyFeedback(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, answer: { kind: 'stillNotPossible', why: values[P.why]!, planBy: values[P.planBy]! } });
      return familyFeedbackCard(s, result.audit, actorId, { banner: result.alreadyDone ? 'Nothing changed: this is the date you had already given.' : '✓ Recorded. You will be asked again on the new date.' });
    },
  };
}
