import { formatDate, formatDateTime } from '../../cards/format.js';
import { renderSelfAssessment } from '../../cards/self-assessment.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { Audit } from '../../workflow/audit.js';
import { mayAnswerSelfAssessment, SELF_ASSESSMENT_MAX, SELF_ASSESSMENT_PATH } from '../../workflow/review/self-assessment.js';
import type { Services } from '../services.js';
import type { FormState } from './review-view.js';
import { optional } from './review-view.js';
import { nameIn, readViewContext, refreshUserIdsOf, zoneOf, type ViewContext } from './view-context.js';

/** The self-assessment card: the practitioner's form until the review is submitted, else the answers as given. */
export function selfAssessmentView(v: ViewContext, audit: Audit, state: FormState = {}): AdaptiveCard {
  const P = SELF_ASSESSMENT_PATH;
  const given = audit.selfAssessment;
  const editable = mayAnswerSelfAssessment(audit, v.viewerId);
  const zone = zoneOf(v);
  const value = (id: string, saved: string | undefined) => state.values?.[id] ?? saved ?? '';
  const subtitle = given
    ? `Sent by ${nameIn(v, given.by)} at ${formatDateTime(given.at, zone)}${editable ? ' · you can change it until the audit is submitted' : ''}`
    : editable
      ? `For the audit due ${formatDate(audit.dueDate, zone)}`
      : 'Not answered yet.';
  return renderSelfAssessment({
    caseRef: audit.caseRef,
    subtitle,
    reviewer: nameIn(v, audit.reviewerId),
    ...optional('banner', state.banner),
    editable,
    differenceInput: P.difference,
    difference: value(P.difference, given?.difference),
    ...optional('differenceError', state.errors?.[P.difference]),
    discussInput: P.discuss,
    discuss: value(P.discuss, given?.discuss),
    ...optional('discussError', state.errors?.[P.discuss]),
    max: SELF_ASSESSMENT_MAX,
    submitTitle: given ? 'Send the changes' : 'Send to the reviewer',
    ref: v.signer.audit('self-assessment', audit.id, audit.round),
    refreshUserIds: refreshUserIdsOf(v),
  });
}

/** Reads what the card needs once, then renders it. */
export async function selfAssessmentCard(s: Services, audit: Audit, viewerId: string, state: FormState = {}): Promise<AdaptiveCard> {
  return selfAssessmentView(await readViewContext(s, viewerId), audit, state);
}
