import { renderDispute } from '../../cards/dispute.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { Audit } from '../../workflow/audit.js';
import { scopeLabel } from '../../workflow/audit-tools/audit-tool.js';
import { toolFor } from '../../workflow/audit-tools/tools.js';
import type { Dispute } from '../../workflow/disputes.js';
import { GRADE_LABELS, GRADES } from '../../workflow/grades.js';
import { UPHOLD } from '../../workflow/review/record-paths.js';
import type { Services } from '../services.js';
import { nameIn, readViewContext, refreshUserIdsOf, type ViewContext } from './view-context.js';
import { optional, type FormState } from './review-view.js';

/** The dispute owner's card for one dispute; after the decision, what was decided. */
export function disputeView(v: ViewContext, audit: Audit, dispute: Dispute, state: FormState = {}): AdaptiveCard {
  const tool = toolFor(audit, v.profile);
  const record = audit.grades?.[dispute.scope];
  const open = !dispute.decision && dispute.ownerId === v.viewerId;
  const decision = dispute.decision;
  return renderDispute({
    caseRef: audit.caseRef,
    disputedBy: nameIn(v, dispute.raisedBy),
    target: scopeLabel(tool, dispute.scope),
    originalGrade: record ? GRADE_LABELS[record.original] : '—',
    moderatedGrade: GRADE_LABELS[dispute.disputedGrade],
    reason: dispute.reason,
    open,
    choices: [
      { title: `Uphold: ${GRADE_LABELS[dispute.disputedGrade]} stands`, value: UPHOLD },
      ...GRADES.filter((g) => g !== dispute.disputedGrade).map((g) => ({ title: `Change to ${GRADE_LABELS[g]}`, value: g })),
    ],
    ...optional('decision', state.values?.['ruling.outcome']),
    ...optional('decisionError', state.errors?.['ruling.outcome']),
    ...optional('decisionReason', state.values?.['ruling.reason']),
    ...optional('decisionReasonError', state.errors?.['ruling.reason']),
    ...optional('banner', state.banner),
    ...optional(
      'outcome',
      decision
        ? `✓ Decided by ${nameIn(v, decision.by)}: ${decision.outcome === 'upheld' ? `${GRADE_LABELS[decision.grade]} stands` : `changed to ${GRADE_LABELS[decision.grade]}`}. ${decision.reason}`
        : undefined,
    ),
    ref: { ...v.signer.audit('dispute', audit.id, audit.round), disputeId: dispute.id },
    refreshUserIds: refreshUserIdsOf(v),
  });
}

/** Reads what the card needs once, then renders it. */
export async function disputeCard(s: Services, audit: Audit, dispute: Dispute, viewerId: string, state: FormState = {}): Promise<AdaptiveCard> {
  return disputeView(await readViewContext(s, viewerId), audit, dispute, state);
}
