import type { SELF_ASSESSMENT_ACTIONS } from '../../cards/self-assessment.js';
import { SELF_ASSESSMENT_PATH } from '../../workflow/review/self-assessment.js';
import { openSelfAssessment } from '../../workflow/use-cases/open-self-assessment.js';
import { recordSelfAssessment } from '../../workflow/use-cases/record-self-assessment.js';
import type { CardActionHandlers } from '../card-action.js';
import type { Services } from '../services.js';
import { selfAssessmentCard } from '../views/self-assessment-view.js';

/** The practitioner's self-assessment before the meeting (West Sussex step 2). */
export function selfAssessmentHandlers(s: Services): CardActionHandlers<typeof SELF_ASSESSMENT_ACTIONS> {
  const open = (actorId: string, auditId: string) => openSelfAssessment(s).execute({ tenantId: s.tenantId, auditId, viewerId: actorId });
  return {
    'selfAssessment.refresh': async ({ actorId, data }) => selfAssessmentCard(s, await open(actorId, data.auditId), actorId),
    'selfAssessment.submit': async ({ actorId, data, recover }) => {
      const audit = await open(actorId, data.auditId);
      const P = SELF_ASSESSMENT_PATH;
      const values = { [P.difference]: data[P.difference] ?? '', [P.discuss]: data[P.discuss] ?? '' };
      recover({ invalid: (e) => selfAssessmentCard(s, audit, actorId, { values, errors: e.fields }) });
      const result = await recordSelfAssessment(s).execute({ tenantId: s.tenantId, auditId: audit.id, actorId, difference: values[P.difference]!, discuss: values[P.discuss]! });
      return selfAssessmentCard(s, result.audit, actorId, { banner: result.alreadyDone ? 'Nothing changed: this is what you had already sent.' : '✓ Sent. The reviewer will see it on the audit form.' });
    },
  };
}
