import { formatDate, formatDateTime } from '../../cards/format.js';
import { renderInadequateNotice, type InadequateAssurance } from '../../cards/inadequate-notice.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { Audit } from '../../workflow/audit.js';
import { reauditDate } from '../../workflow/chasing/reaudit.js';
import { chaseSettings } from '../../workflow/chasing/chase-settings.js';
import { GRADE_LABELS } from '../../workflow/grades.js';
import { ROLE_LABELS, type PersonId } from '../../workflow/people.js';
import type { Services } from '../services.js';
import { displayName, namesOf } from './people-names.js';

export interface InadequateViewOptions {
  readonly assuranceInput?: string;
  readonly assuranceError?: string;
  readonly notice?: string;
}

/**
 * The written notice of an Inadequate grade as `viewerId` should see it: what happens next, who has acknowledged,
 * and for the service manager the assurance asked of them. Callers have checked the viewer has a role on the audit.
 */
export async function inadequateCard(s: Services, audit: Audit, viewerId: PersonId, options: InadequateViewOptions = {}): Promise<AdaptiveCard> {
  const pathway = audit.inadequate!;
  const stopped = pathway.stopped;
  const names = await namesOf(s, [viewerId, audit.moderatorId ?? '', audit.reviewerId, pathway.assurance?.by ?? '', stopped?.by ?? '', ...pathway.recipients.map((r) => r.personId), ...(pathway.escalation?.to ?? [])]);
  const zone = names.get(viewerId)?.timeZone;
  const me = pathway.recipients.find((r) => r.personId === viewerId);
  const moderated = audit.moderation?.outcome !== undefined;
  // Moderated away from Inadequate: the Inadequate grade was the reviewer's, as submitted.
  const gradedBy =
    moderated && stopped?.how !== 'moderation'
      ? `as moderated by ${displayName(names.get(audit.moderatorId!))}`
      : `as submitted by ${displayName(names.get(audit.reviewerId))}${moderated || stopped ? '' : ', awaiting moderation'}`;
  let assurance: InadequateAssurance | undefined;
  if (pathway.assurance && (viewerId === audit.serviceManagerId || pathway.assurance.text)) {
    assurance = pathway.assurance.text
      ? { state: 'recorded', text: pathway.assurance.text, by: displayName(names.get(pathway.assurance.by!)), at: formatDateTime(pathway.assurance.at!, zone) }
      : { state: 'asked', ...(options.assuranceInput !== undefined ? { input: options.assuranceInput } : {}), ...(options.assuranceError ? { error: options.assuranceError } : {}) };
  }
  const reaudit = reauditDate(audit, s.profile, chaseSettings(s.profile).calendar);
  return renderInadequateNotice({
    ref: s.signer.audit('inadequate', audit.id, audit.round),
    caseRef: audit.caseRef,
    level: pathway.level,
    gradedBy,
    remedialDays: s.profile.inadequate.remedialActionDays,
    ...(reaudit ? { reauditOn: formatDate(reaudit, zone) } : {}),
    ...(pathway.escalation ? { escalatedTo: `the ${ROLE_LABELS[pathway.escalation.role]}${pathway.escalation.to.length ? ` (${pathway.escalation.to.map((id) => displayName(names.get(id))).join(', ')})` : ''}` } : {}),
    recipients: pathway.recipients.map((r) => ({
      name: displayName(names.get(r.personId)),
      role: ROLE_LABELS[r.role],
      ...(r.acknowledgedAt ? { acknowledged: formatDateTime(r.acknowledgedAt, zone) } : {}),
    })),
    state: me?.acknowledgedAt || !me ? 'acknowledged' : 'open',
    ...(me?.acknowledgedAt ? { viewerAcknowledged: formatDateTime(me.acknowledgedAt, zone) } : {}),
    ...(assurance ? { assurance } : {}),
    ...(options.notice ? { notice: options.notice } : {}),
    ...(stopped ? { regraded: { grade: GRADE_LABELS[stopped.grade], by: displayName(names.get(stopped.by)), how: stopped.how, at: formatDateTime(stopped.at, zone) } } : {}),
  });
}
