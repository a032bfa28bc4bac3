/**
 * The Inadequate pathway (QA-DOMAIN.md): a written notice within the profile's hours to the practitioner, TM and
 * SM (plus the HoS where the profile says so), each acknowledging it from the card, QA alerted when anyone has not
 * in time; the SM's assurance about the child's safety (Sandwell); a re-audit at the profile's interval; and a
 * re-audit Inadequate again escalates to the assistant director, then the executive director; and, where the
 * profile holds one (West Sussex), the Reflective Practice & Action Meeting the reviewer is asked to book
 * (meeting/reflective.ts).
 */
import { OVERALL } from '../audit-tools/audit-tool.js';
import type { Audit } from '../audit.js';
import { InvalidInput, NotPermitted, StaleCard } from '../errors.js';
import { enqueue } from '../outbox.js';
import { hasRole, SYSTEM_ACTOR, upTheLine, type Person, type PersonId, type Role } from '../people.js';
import { personInRole } from '../case-roles.js';
import { requestReflectiveMeeting } from '../meeting/reflective.js';
import type { PolicyProfile } from '../policy/profile.js';
import { GRADE_LABELS, type Grade } from '../grades.js';
export type { InadequatePathway, NoticeRecipient, NoticeRole, RegradedBy } from './inadequate-pathway.js';
import type { InadequatePathway, NoticeRecipient, NoticeRole, RegradedBy } from './inadequate-pathway.js';

export const ASSURANCE_PATH = 'assurance';
const NO_LONGER = (caseRef: string) => `Nothing changed: case ${caseRef} is no longer graded Inadequate, so nothing more is needed from you on this notice.`;
export const ASSURANCE_MAX = 500;

/** The overall grade as it stands (moderated or decided when it was), or undefined before submission. */
export function overallGrade(audit: Audit): string | undefined {
  return audit.grades?.[OVERALL]?.final;
}

export function isInadequate(audit: Audit): boolean {
  return overallGrade(audit) === 'inadequate';
}

/** Whether the pathway's clocks run: it started, and the grade has not since moved away from Inadequate. */
export function pathwayRunning(audit: Audit): boolean {
  return audit.inadequate !== undefined && audit.inadequate.stopped === undefined && isInadequate(audit);
}

/** Which Inadequate of the case this is: one more than the re-audit number. */
export function pathwayLevel(audit: Audit): number {
  return (audit.reauditOf?.number ?? 0) + 1;
}

/** When everyone must have acknowledged a notice sent (or restarted) at `at`: the profile's hours later. */
function noticeDueFrom(at: string, profile: PolicyProfile): string {
  return new Date(Date.parse(at) + profile.inadequate.noticeWithinHours * 3_600_000).toISOString();
}

export { headOfServiceFor } from '../case-roles.js';

/** Who a repeated Inadequate goes to at `level` (≥ 2): the profile's ladder, its last rung once past the end. */
export function escalationRole(profile: PolicyProfile, level: number): 'assistantDirector' | 'executiveDirector' | undefined {
  const ladder = profile.inadequate.escalation;
  if (level < 2 || ladder.length === 0) return undefined;
  return ladder[Math.min(level - 2, ladder.length - 1)];
}

/**
 * Starts the pathway when the overall grade is Inadequate, as submitted or as moderated; once per audit. The
 * notices go at once (a notice is not a nudge: quiet hours do not hold it); the clock to acknowledge runs from now.
 */
export function startInadequatePathway(audit: Audit, ctx: { profile: PolicyProfile; people: readonly Person[]; at: string }): Audit {
  if (audit.inadequate || !isInadequate(audit)) return audit;
  const { profile, people, at } = ctx;
  const level = pathwayLevel(audit);
  const seen = new Set<PersonId>();
  const recipients: NoticeRecipient[] = [];
  const missing: NoticeRole[] = [];
  for (const role of profile.inadequate.noticeTo) {
    const personId = personInRole(audit, role, people);
    if (!personId) missing.push(role);
    else if (!seen.has(personId)) {
      seen.add(personId);
      recipients.push({ personId, role });
    }
  }
  const escalateTo = escalationRole(profile, level);
  const inLine = escalateTo ? upTheLine(audit.serviceManagerId, escalateTo as Role, people) : undefined;
  const escalated = inLine ? [inLine] : escalateTo ? people.filter((p) => hasRole(p, escalateTo as Role)).map((p) => p.id) : [];
  const pathway: InadequatePathway = {
    level,
    since: at,
    noticeDueBy: noticeDueFrom(at, profile),
    recipients,
    ...(profile.inadequate.smAssurance
      ? { assurance: { required: true as const, ...(profile.inadequate.assuranceWithinHours ? { dueBy: new Date(Date.parse(at) + profile.inadequate.assuranceWithinHours * 3_600_000).toISOString() } : {}) } }
      : {}),
    ...(escalateTo ? { escalation: { role: escalateTo, to: escalated, at } } : {}),
  };
  let next: Audit = {
    ...audit,
    inadequate: pathway,
    history: [
      ...audit.history,
      { at, by: SYSTEM_ACTOR, event: 'inadequate notice', detail: `level ${level}: sent to ${recipients.map((r) => r.personId).join(', ')}${missing.length ? `; nobody found for ${missing.join(', ')}, QA told` : ''}` },
      ...(escalateTo ? [{ at, by: SYSTEM_ACTOR, event: 'escalated', detail: `Inadequate ${level} times: to ${escalateTo} ${escalated.join(', ') || '(nobody holds the role)'}` }] : []),
    ],
  };
  for (const r of recipients) next = enqueue(next, { key: `inadequate-notice:${audit.id}:l${level}:${r.personId}`, kind: 'inadequate-notice', to: r.personId }, at);
  // The notice card carries the assurance input: a separate request only when the SM is not sent the notice.
  if (pathway.assurance && !seen.has(audit.serviceManagerId)) {
    next = enqueue(next, { key: `assurance-request:${audit.id}:l${level}`, kind: 'assurance-request', to: audit.serviceManagerId }, at);
  }
  for (const to of escalated) next = enqueue(next, { key: `reaudit-escalation:${audit.id}:${to}`, kind: 'reaudit-escalation', to }, at);
  // Nobody named by the profile is skipped silently: QA is told who could not be found, to send it themselves.
  if (missing.length > 0) next = enqueue(next, { key: `notice-recipient-missing:${audit.id}:l${level}`, kind: 'notice-recipient-missing', to: audit.coordinatorId, about: missing.join(',') }, at);
  // West Sussex (WS-39): the reviewer is asked to book the Reflective Practice & Action Meeting as the pathway starts.
  return requestReflectiveMeeting(next, profile, at);
}

/**
 * At submission the pathway starts now, unless the profile waits for moderation to confirm the grade and the
 * audit is on its way to a moderator; then `followOverallGrade` starts it when moderation confirms Inadequate.
 */
export function followSubmittedGrade(audit: Audit, ctx: { profile: PolicyProfile; people: readonly Person[]; at: string }): Audit {
  if (ctx.profile.inadequate.startsAt === 'moderation' && audit.status === 'awaitingModeration') return audit;
  return startInadequatePathway(audit, ctx);
}

/** A recipient acknowledges the written notice. A second click changes nothing. */
export function acknowledgeNotice(audit: Audit, actorId: PersonId, at: string): Audit {
  const pathway = audit.inadequate;
  const me = pathway?.recipients.find((r) => r.personId === actorId);
  if (!pathway || !me) throw new NotPermitted(actorId, `acknowledge a notice about case ${audit.caseRef} that was not sent to you`);
  if (me.acknowledgedAt) return audit;
  if (pathway.stopped) throw new StaleCard(NO_LONGER(audit.caseRef));
  return {
    ...audit,
    inadequate: { ...pathway, recipients: pathway.recipients.map((r) => (r.personId === actorId ? { ...r, acknowledgedAt: at } : r)) },
    history: [...audit.history, { at, by: actorId, event: 'notice acknowledged', detail: `Inadequate notice, level ${pathway.level}` }],
  };
}

export function unacknowledged(pathway: InadequatePathway): NoticeRecipient[] {
  return pathway.recipients.filter((r) => !r.acknowledgedAt);
}

/** The service manager records their assurance about the child's safety and what is in place. */
export function recordAssurance(audit: Audit, actorId: PersonId, text: string, at: string): Audit {
  const pathway = audit.inadequate;
  if (!pathway?.assurance) throw new NotPermitted(actorId, `record assurance on case ${audit.caseRef}: none was asked for`);
  if (audit.serviceManagerId !== actorId) throw new NotPermitted(actorId, `record assurance on case ${audit.caseRef}: the service manager does`);
  const said = text.trim();
  if (pathway.assurance.text !== undefined) {
    if (pathway.assurance.text === said) return audit; // a second click
    throw new StaleCard(`Nothing changed: your assurance about case ${audit.caseRef} was already recorded. Add anything new to the child's record.`);
  }
  if (pathway.stopped) throw new StaleCard(NO_LONGER(audit.caseRef));
  if (!said) throw new InvalidInput({ [ASSURANCE_PATH]: "Record your assurance about the child's safety and what is in place." });
  if (said.length > ASSURANCE_MAX) throw new InvalidInput({ [ASSURANCE_PATH]: `Keep it under ${ASSURANCE_MAX} characters (it has ${said.length}); the full account belongs in the child's record.` });
  // Recording the assurance is a fuller answer to the notice than acknowledging it: it counts as their
  // acknowledgement, so QA is never alerted about a notice the service manager has dealt with.
  const acknowledges = pathway.recipients.some((r) => r.personId === actorId && !r.acknowledgedAt);
  return {
    ...audit,
    inadequate: {
      ...pathway,
      assurance: { required: true, at, by: actorId, text: said },
      recipients: pathway.recipients.map((r) => (r.personId === actorId && !r.acknowledgedAt ? { ...r, acknowledgedAt: at } : r)),
    },
    history: [
      ...audit.history,
      { at, by: actorId, event: 'assurance recorded', detail: `Inadequate, level ${pathway.level}`, reason: said },
      ...(acknowledges ? [{ at, by: actorId, event: 'notice acknowledged', detail: `Inadequate notice, level ${pathway.level}, by recording their assurance` }] : []),
    ],
  };
}

/** QA is told once when the acknowledgement deadline passes with anyone still to acknowledge. */
export function alertUnacknowledged(audit: Audit, now: Date, notBefore: string | undefined): Audit {
  const pathway = audit.inadequate;
  if (!pathway || pathway.qaAlertedAt || now.getTime() < Date.parse(pathway.noticeDueBy) || unacknowledged(pathway).length === 0) return audit;
  // Moderated (or decided) away from Inadequate since the notice went: nothing for QA to chase.
  if (!pathwayRunning(audit)) return audit;
  const at = now.toISOString();
  const alerted: Audit = {
    ...audit,
    inadequate: { ...pathway, qaAlertedAt: at },
    history: [...audit.history, { at, by: SYSTEM_ACTOR, event: 'notice overdue', detail: `not acknowledged by ${unacknowledged(pathway).map((r) => r.personId).join(', ')}` }],
  };
  return enqueue(
    alerted,
    { key: `inadequate-unacknowledged:${audit.id}:l${pathway.level}`, kind: 'inadequate-unacknowledged', to: audit.coordinatorId, ...(notBefore ? { notBefore } : {}) },
    at,
  );
}

/**
 * The service manager's assurance, still not recorded at its deadline: they are asked again and QA is told, once.
 * Not while the pathway is stopped (the grade is no longer Inadequate).
 */
export function chaseAssurance(audit: Audit, now: Date, notBefore: (to: PersonId) => string | undefined): Audit {
  const pathway = audit.inadequate;
  const assurance = pathway?.assurance;
  if (!pathway || !assurance?.dueBy || assurance.text !== undefined || assurance.chasedAt || now.getTime() < Date.parse(assurance.dueBy) || !pathwayRunning(audit)) return audit;
  const at = now.toISOString();
  let next: Audit = {
    ...audit,
    inadequate: { ...pathway, assurance: { ...assurance, chasedAt: at } },
    history: [...audit.history, { at, by: SYSTEM_ACTOR, event: 'assurance overdue', detail: `Inadequate, level ${pathway.level}: not recorded by ${audit.serviceManagerId}; asked again, QA told` }],
  };
  const sm = notBefore(audit.serviceManagerId);
  const qa = notBefore(audit.coordinatorId);
  next = enqueue(next, { key: `assurance-request:${audit.id}:l${pathway.level}:overdue`, kind: 'assurance-request', to: audit.serviceManagerId, ...(sm ? { notBefore: sm } : {}) }, at);
  return enqueue(next, { key: `assurance-overdue:${audit.id}:l${pathway.level}`, kind: 'assurance-overdue', to: audit.coordinatorId, ...(qa ? { notBefore: qa } : {}) }, at);
}

/** When the sweep must look at the assurance again: its deadline, while it is open and not yet chased. */
export function assuranceDeadline(audit: Audit): number | undefined {
  const a = audit.inadequate?.assurance;
  return a?.dueBy && a.text === undefined && !a.chasedAt ? Date.parse(a.dueBy) : undefined;
}

/** Kinds of message that show the notice, and are updated in place when it changes. */
const NOTICE_KINDS = new Set(['inadequate-notice', 'assurance-request', 'reaudit-escalation']);

/**
 * Updates every notice of the pathway already queued or sent, in place, so each recipient's card shows what
 * changed (moderated, regraded, Inadequate again) without waiting for Teams to refresh it.
 */
function updateNotices(audit: Audit, at: string): Audit {
  const pathway = audit.inadequate!;
  const n = (pathway.updates ?? 0) + 1;
  let next: Audit = { ...audit, inadequate: { ...pathway, updates: n } };
  const shown = audit.outbox.filter((m) => NOTICE_KINDS.has(m.kind) && !m.replaces && m.state !== 'cancelled' && m.state !== 'dead');
  for (const m of shown) next = enqueue(next, { key: `inadequate-update:${audit.id}:l${pathway.level}:u${n}:${m.to}:${m.kind}`, kind: 'inadequate-update', to: m.to, replaces: m.key }, at);
  return next;
}

/**
 * After moderation or a dispute decision settles the overall grade, the pathway follows it:
 * - graded Inadequate for the first time: the pathway starts;
 * - moved away from Inadequate: the clocks stop (nobody is chased, no re-audit or escalation follows), the history
 *   says so, and every notice is updated in place to say so;
 * - Inadequate again after a stop: the clocks start again from now;
 * - still Inadequate (moderation confirmed it): the notices are updated to say by whom, and when the re-audit is.
 */
export function followOverallGrade(audit: Audit, ctx: { profile: PolicyProfile; people: readonly Person[]; at: string; by: PersonId; how: RegradedBy }): Audit {
  const pathway = audit.inadequate;
  if (!pathway) return startInadequatePathway(audit, ctx);
  const { at, by, how } = ctx;
  const grade = overallGrade(audit) as Grade | undefined;
  if (!grade) return audit;
  if (grade !== 'inadequate') {
    if (pathway.stopped) return audit;
    const reaudit = pathway.reaudit ? `; the re-audit ${pathway.reaudit.auditId} due ${pathway.reaudit.allocateOn} is withdrawn` : '; no re-audit will follow';
    const stopped: Audit = {
      ...audit,
      inadequate: { ...pathway, stopped: { at, by, how, grade } },
      history: [
        ...audit.history,
        { at, by: SYSTEM_ACTOR, event: 'Inadequate clocks stopped', detail: `the overall grade is now ${GRADE_LABELS[grade]} (${how === 'moderation' ? 'at moderation' : 'by the dispute decision'}): nobody is chased to acknowledge the notice${reaudit}` },
      ],
    };
    // A notice not yet shown to its recipient is sent anyway: it shows the current state (no longer Inadequate).
    return updateNotices(stopped, at);
  }
  if (pathway.stopped) {
    const { stopped: _s, ...running } = pathway;
    const restarted: Audit = {
      ...audit,
      inadequate: { ...running, noticeDueBy: noticeDueFrom(at, ctx.profile) },
      history: [...audit.history, { at, by: SYSTEM_ACTOR, event: 'Inadequate clocks restarted', detail: `the overall grade is Inadequate again (${how === 'moderation' ? 'at moderation' : 'by the dispute decision'})` }],
    };
    return updateNotices(restarted, at);
  }
  return updateNotices(audit, at);
}
