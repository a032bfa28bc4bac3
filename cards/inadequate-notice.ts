import template from './inadequate-notice.json' with { type: 'json' };
import { z } from 'zod';
import { auditRef, cardActions, type AuditRef } from './card-ref.js';
import { expand, type AdaptiveCard } from './template.js';

export const InadequateData = z.object({ ...auditRef, assurance: z.string().max(4000).optional() });
export type InadequateData = z.infer<typeof InadequateData>;

export const INADEQUATE_ACTIONS = cardActions(['inadequate.acknowledge', 'inadequate.recordAssurance', 'inadequate.refresh'], InadequateData, { family: 'inadequate', id: 'auditId' });
export type InadequateVerb = keyof typeof INADEQUATE_ACTIONS;
export const INADEQUATE_VERBS = Object.keys(INADEQUATE_ACTIONS) as InadequateVerb[];

/** The assurance is short: the full account belongs in the child's record (the domain's ASSURANCE_MAX). */
export const ASSURANCE_INPUT_MAX = 500;

/** `open` until every recipient has acknowledged the notice. */
export type InadequateNoticeState = 'open' | 'acknowledged';

export interface InadequateRecipient {
  readonly name: string;
  /** As read, e.g. "practitioner", "team manager". */
  readonly role: string;
  /** When they acknowledged, formatted. */
  readonly acknowledged?: string;
}

export interface InadequateAssurance {
  readonly state: 'asked' | 'recorded';
  readonly text?: string;
  readonly by?: string;
  /** Formatted. */
  readonly at?: string;
  /** What the viewer has typed so far, kept between renders. */
  readonly input?: string;
  readonly error?: string;
}

export interface InadequateNoticeCardData {
  readonly ref: AuditRef;
  readonly caseRef: string;
  /** 1 for a first Inadequate, 2 when its re-audit is Inadequate again, and so on. */
  readonly level: number;
  /** Who or what settled the grade, e.g. "as moderated by Chris Evans". */
  readonly gradedBy: string;
  readonly remedialDays: number;
  /** Formatted. */
  readonly reauditOn?: string;
  /** E.g. "the Assistant Director". */
  readonly escalatedTo?: string;
  readonly recipients: readonly InadequateRecipient[];
  /**
   * The findings (Sandwell: "the findings must immediately be shared"): the areas graded Inadequate and the reason
   * given for the overall grade. Only for a viewer with a role on the audit, which every recipient has.
   */
  readonly findings?: { readonly inadequateAreas: string; readonly overallReason: string };
  readonly state: InadequateNoticeState;
  /** When the person viewing the card acknowledged it, formatted; absent while they have not. */
  readonly viewerAcknowledged?: string;
  readonly assurance?: InadequateAssurance;
  readonly banner?: string;
  /** Set when moderation or a dispute moved the overall grade away from Inadequate: the clocks have stopped. */
  readonly regraded?: InadequateRegrade;
}

export interface InadequateRegrade {
  /** The overall grade now, as read ("Requires Improvement"). */
  readonly grade: string;
  /** Who changed it. */
  readonly by: string;
  readonly how: 'moderation' | 'dispute';
  /** When, formatted. */
  readonly at: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The written notice that an audit was graded Inadequate, acknowledged by each recipient on the card. */
export function renderInadequateNotice(data: InadequateNoticeCardData): AdaptiveCard {
  const again = data.level >= 2;
  const next = [
    `Remedial actions must be completed within ${plural(data.remedialDays, 'day', 'days')}.`,
    ...(data.reauditOn ? [`The case will be re-audited on ${data.reauditOn}.`] : []),
    ...(data.escalatedTo ? [`${again ? 'As it is Inadequate again, this' : 'This'} has been escalated to ${data.escalatedTo}.`] : []),
  ];
  const acknowledgedCount = data.recipients.filter((r) => r.acknowledged).length;
  const assurance = data.assurance;
  const recordedBy = [assurance?.by ? `Recorded by ${assurance.by}` : '', assurance?.at ? `at ${assurance.at}` : ''].filter(Boolean).join(' ');
  const regraded = data.regraded;
  const changedBy = regraded ? `${regraded.by} changed the overall grade to ${regraded.grade} ${regraded.how === 'moderation' ? 'at moderation' : 'in deciding a dispute'}, at ${regraded.at}.` : '';
  return expand(template, {
    headline: regraded
      ? `✓ No longer Inadequate · case ${data.caseRef}`
      : again
        ? `⚠ Inadequate again (re-audit ${data.level - 1}) · case ${data.caseRef}`
        : `⚠ Inadequate · case ${data.caseRef}`,
    tone: regraded ? 'Good' : 'Attention',
    banner: data.banner ?? '',
    summary: `The ${again ? 're-audit' : 'audit'} of case ${data.caseRef} was graded Inadequate overall, ${data.gradedBy}.${changedBy ? ` ${changedBy}` : ''}`,
    findings: data.findings ?? { inadequateAreas: '', overallReason: '' },
    hasFindings: data.findings !== undefined,
    next: regraded
      ? ['The Inadequate clocks have stopped: no remedial deadline, re-audit or escalation follows from this notice, and nobody is chased to acknowledge it. Nothing more is needed from you.']
      : next,
    // From the counts alone: the viewer having acknowledged says nothing of the others.
    acknowledgedHeading:
      data.recipients.length > 0 && acknowledgedCount === data.recipients.length
        ? '✓ Everyone has acknowledged this notice'
        : `Acknowledged by ${acknowledgedCount} of ${data.recipients.length}`,
    recipients: data.recipients.map((r) => (r.acknowledged ? `✓ ${r.name} (${r.role}): acknowledged at ${r.acknowledged}` : `○ ${r.name} (${r.role}): not yet`)),
    viewerAcknowledged: data.viewerAcknowledged ?? '',
    canAcknowledge: !regraded && data.state === 'open' && !data.viewerAcknowledged,
    assuranceAsked: !regraded && assurance?.state === 'asked',
    // Recording the assurance counts as the service manager's acknowledgement (the domain records both).
    assuranceAcknowledges: !regraded && assurance?.state === 'asked' && data.state === 'open' && !data.viewerAcknowledged,
    assuranceRecorded: assurance?.state === 'recorded',
    assurance: {
      input: assurance?.input ?? '',
      error: assurance?.error ?? '',
      text: assurance?.text ?? '',
      recordedBy: recordedBy ? `${recordedBy}.` : '',
    },
    assuranceMax: ASSURANCE_INPUT_MAX,
    action: data.ref,
  });
}
