/**
 * The Outlook invitation's subject and body: the case reference and the purpose, and nothing about the child
 * (no name, no status, no detail). Invitations are read on phones, forwarded and shown in shared calendars, so the
 * reflective meeting's says what it is for without saying what the audit found.
 */
import type { Audit } from '../audit.js';
import { formatShortDate } from '../dates.js';
import { MEETING_KIND_LABELS, type MeetingKind } from './meeting-record.js';

export function meetingSubject(audit: Pick<Audit, 'caseRef'>, kind: MeetingKind = 'collaborative'): string {
  return kind === 'collaborative' ? `QA collaborative audit · case ${audit.caseRef}` : `${MEETING_KIND_LABELS[kind]} · case ${audit.caseRef}`;
}

export function meetingBody(audit: Pick<Audit, 'caseRef' | 'cycle' | 'dueDate'>, minutes: number, kind: MeetingKind = 'collaborative'): string {
  if (kind === 'reflective') {
    return [
      `Reflective Practice & Action Meeting for case ${audit.caseRef} (QA audit cycle ${audit.cycle}).`,
      '',
      `Up to ${minutes} minutes. Everyone invited reflects together on the audit's findings and agrees the actions that will make a difference for the child.`,
      '',
      'Open the case in the case-management system; case details are deliberately not included in this invitation.',
    ].join('\n');
  }
  return [
    `Collaborative audit meeting for case ${audit.caseRef} (QA audit cycle ${audit.cycle}, due ${formatShortDate(audit.dueDate)}).`,
    '',
    `Up to ${minutes} minutes. The reviewer, the practitioner and their team manager reflect together on the case record before the audit is graded: what is working well, what could be better, and the difference made for the child.`,
    'Practitioner: please bring your self-assessment.',
    '',
    'Open the case in the case-management system; case details are deliberately not included in this invitation.',
  ].join('\n');
}
