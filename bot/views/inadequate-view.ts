import { OVERALL, scopeLabel, scopesOf } from '../../workflow/audit-tools/audit-tool.js';
import { canSeeRationale } from '../../workflow/audit-trail.js';
import { formatDate, formatDateTime } from '../../cards/format.js';
import { renderInadequateNotice, type InadequateAssurance } from '../../cards/inadequate-notice.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { Audit } from '../../workflow/audit.js';
import { reauditDate } from '../../workflow/chasing/reaudit.js';
import { chaseSettings } from '../../workflow/chasing/chase-settings.js';
import { GRADE_LABELS } from '../../workflow/grades.js';
import { ROLE_LABELS, type PersonId } from '../../workflow/people.js';
import type { Services } from '../services.js';
import { nameIn, readViewContext, zoneOf, type ViewContext } from './view-context.js';

export interface InadequateViewOptions {
  readonly assuranceInput?: string;
  readonly assuranceError?: string;
  readonly banner?: string;
}

/**
 * The written notice of an Inadequate grade as `viewerId` should see it: what happens next, who has acknowledged,
 * and for the service manager the assurance asked of them. Callers have checked the viewer has a role on the audit.
 */
export function inadequateView(v: ViewContext, audit: Audit, options: InadequateViewOptions = {}): AdaptiveCard {
  const pathway = audit.inadequate!;
  const stopped = pathway.stopped;
  const zone = zoneOf(v);
  const me = pathway.recipients.find((r) => r.personId === v.viewerId);
  const moderated = audit.moderation?.outcome !== undefined;
  // Moderated away from Inadequate: the Inadequate grade was the reviewer's, as submitted.
  const gradedBy =
    moderated && stopped?.how !== 'moderation'
      ? `as moderated by ${nameIn(v, audit.moderatorId!)}`
      : `as submitted by ${nameIn(v, audit.reviewerId)}${moderated || stopped ? '' : ', awaiting moderation'}`;
  let assurance: InadequateAssurance | undefined;
  if (pathway.assurance && (v.viewerId === audit.serviceManagerId || pathway.assurance.text)) {
    assurance = pathway.assurance.text
      ? { state: 'recorded', text: pathway.assurance.text, by: nameIn(v, pathway.assurance.by!), at: formatDateTime(pathway.assurance.at!, zone) }
      : { state: 'asked', ...(options.assuranceInput !== undefined ? { input: options.assuranceInput } : {}), ...(options.assuranceError ? { error: options.assuranceError } : {}) };
  }
  const reaudit = reauditDate(audit, v.profile, chaseSettings(v.profile).calendar);
  const findings = canSeeRationale(audit, v.viewerId) ? findingsOf(audit) : undefined;
  return renderInadequateNotice({
    ref: v.signer.audit('inadequate', audit.id, audit.round),
    caseRef: audit.caseRef,
    level: pathway.level,
    gradedBy,
    remedialDays: v.profile.inadequate.remedialActionDays,
    ...(reaudit ? { reauditOn: formatDate(reaudit, zone) } : {}),
    ...(pathway.escalation ? { escalatedTo: `the ${ROLE_LABELS[pathway.escalation.role]}${pathway.escalation.to.length ? ` (${pathway.escalation.to.map((id) => nameIn(v, id)).join(', ')})` : ''}` } : {}),
    ...(findings ? { findings } : {}),
    recipients: pathway.recipients.map((r) => ({
      name: nameIn(v, r.personId),
      role: ROLE_LABELS[r.role],
      ...(r.acknowledgedAt ? { acknowledged: formatDateTime(r.acknowledgedAt, zone) } : {}),
    })),
    state: me?.acknowledgedAt || !me ? 'acknowledged' : 'open',
    ...(me?.acknowledgedAt ? { viewerAcknowledged: formatDateTime(me.acknowledgedAt, zone) } : {}),
    ...(assurance ? { assurance } : {}),
    ...(options.banner ? { banner: options.banner } : {}),
    ...(stopped ? { regraded: { grade: GRADE_LABELS[stopped.grade], by: nameIn(v, stopped.by), how: stopped.how, at: formatDateTime(stopped.at, zone) } } : {}),
  });
}

/** The areas graded Inadequate (final grades) and the reason for the overall grade: the moderator's, where they changed it. */
function findingsOf(audit: Audit): { inadequateAreas: string; overallReason: string } | undefined {
  const tool = audit.tool;
  if (!tool || !audit.grades) return undefined;
  const areas = scopesOf(tool).filter((s) => s !== OVERALL && audit.grades?.[s]?.final === 'inadequate').map((s) => scopeLabel(tool, s));
  const changed = audit.moderation?.outcome?.decisions[OVERALL];
  const overallReason = changed && !changed.agreed ? (changed.reason ?? '') : (audit.review?.submitted?.grades[OVERALL]?.rationale ?? '');
  return { inadequateAreas: areas.join(', '), overallReason };
}

/** Reads what the card needs once, then renders it. */
export async function inadequateCard(s: Services, audit: Audit, viewerId: PersonId, options: InadequateViewOptions = {}): Promise<AdaptiveCard> {
  return inadequateView(await readViewContext(s, viewerId), audit, options);
}
