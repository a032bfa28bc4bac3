import { formatDate } from '../../cards/format.js';
import { renderFollowUp } from '../../cards/follow-up.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { ActionStatus } from '../../workflow/actions.js';
import { OVERALL } from '../../workflow/audit-tools/audit-tool.js';
import type { Audit } from '../../workflow/audit.js';
import { statusOf } from '../../workflow/chasing/action-lifecycle.js';
import { localDate } from '../../workflow/dates.js';
import { GRADE_LABELS, isGrade } from '../../workflow/grades.js';
import type { Services } from '../services.js';
import { nameIn, readViewContext, zoneOf, type ViewContext } from './view-context.js';

const ACTION_STATUS_WORDS: Record<ActionStatus, string> = { open: 'open', done: 'done, waiting for sign-off', signedOff: 'signed off', cancelled: 'cancelled' };

/**
 * The SW Academy's follow-up card (ST-28), rendered from the audit as it is when sent: the case reference, the final
 * grade, and each action (the practice recommendations) with its owner, due date and where it stands. Rationale
 * stays on the audit summary ("Open the audit"), which the recipient may read.
 */
export function followUpView(v: ViewContext, audit: Audit): AdaptiveCard {
  const zone = zoneOf(v);
  const final = audit.grades?.[OVERALL]?.final;
  const grade = isGrade(final) ? GRADE_LABELS[final] : 'not graded';
  const followed = audit.followUp;
  const stillFollowed = isGrade(final) && (v.profile.followUp?.grades ?? []).includes(final);
  const moderated = audit.moderatorId ? ` · moderated by ${nameIn(v, audit.moderatorId)}` : '';
  const finalised = audit.finalisedAt ? `Finalised ${formatDate(localDate(new Date(audit.finalisedAt)), zone)}` : 'Finalised';
  return renderFollowUp({
    title: `Follow-up: ${grade} · case ${audit.caseRef}`,
    subtitle: `${finalised} · reviewer ${nameIn(v, audit.reviewerId)}${moderated}`,
    tone: stillFollowed ? 'attention' : 'good',
    lines: stillFollowed
      ? [
          `This audit was graded ${grade} overall${followed && GRADE_LABELS[followed.grade] !== grade ? ` (first ${GRADE_LABELS[followed.grade]})` : ''}. Please review it and track its practice recommendations until they are done, so the improvement is delivered for the child.`,
          'Its open actions are in your daily digest. Open the audit for the grades, the reasons and the family feedback.',
        ]
      : [`This audit is now graded ${grade} overall, so no follow-up is needed any more.`],
    recommendations: (audit.actions ?? []).map(
      (a, i) => `${i + 1}. ${a.description} · ${nameIn(v, a.ownerId)} · due ${formatDate(a.dueDate, zone)}${a.remedial ? ' · remedial' : ''} · ${ACTION_STATUS_WORDS[statusOf(a)]}`,
    ),
    open: v.signer.audit('open', audit.id, audit.round),
  });
}

/** Reads what the card needs once (its reader is the message's recipient), then renders it. */
export async function followUpCard(s: Services, audit: Audit, viewerId: string): Promise<AdaptiveCard> {
  return followUpView(await readViewContext(s, viewerId), audit);
}
