import { InvalidInput, TamperedCard } from '../errors.js';
import { MEETING_ACTIONS, MEETING_PATH, MEETING_TEXT_MAX, meetingKeys, requireOrganiser, type MeetingKind } from '../meeting/meeting.js';
import { enqueue, findMessage } from '../outbox.js';
import type { PersonId } from '../people.js';
import type { Audits, Clock } from '../ports.js';
import type { AuditOutcome } from './audit-outcome.js';

export interface RequestLaterDeadlineInput {
  readonly tenantId: string;
  readonly auditId: string;
  readonly round: number;
  readonly actorId: PersonId;
  /** Optional (field `meeting.deadlineReason`), shown to the QA coordinator. */
  readonly reason?: string;
  /** The meeting the card is for: only the collaborative meeting is held before a deadline QA can move. */
  readonly kind?: MeetingKind;
}

/**
 * "Ask QA for a later deadline", one of the ways out when no meeting time fits before the due date: the QA
 * coordinator who loaded the case gets a message (`deadline-request`), and the audit trail records it. Changing
 * the due date is the coordinator's decision, outside this use case. Asking twice about the same search (a
 * double click) sends one message; asking again after searching again sends another.
 */
export function requestLaterDeadline(deps: { audits: Audits; clock: Clock }) {
  return {
    async execute(input: RequestLaterDeadlineInput): Promise<AuditOutcome> {
      // The reflective meeting's card offers no such button: a request naming it did not come from this bot.
      if ((input.kind ?? 'collaborative') !== 'collaborative') throw new TamperedCard();
      const reason = input.reason?.trim() || undefined;
      if (reason && reason.length > MEETING_TEXT_MAX) {
        throw new InvalidInput({ [MEETING_PATH.deadlineReason]: `Keep the reason to ${MEETING_TEXT_MAX} characters (it has ${reason.length}).` });
      }
      const at = deps.clock.now().toISOString();
      let alreadyDone = false;
      const audit = await deps.audits.update(input.tenantId, input.auditId, (current) => {
        requireOrganiser(current, input.actorId, input.round, MEETING_ACTIONS.deadline);
        const key = meetingKeys.deadline(current.id, current.round, current.meeting?.offers ?? 0);
        alreadyDone = findMessage(current, key) !== undefined;
        if (alreadyDone) return current;
        const asked = enqueue(current, { key, kind: 'deadline-request', to: current.coordinatorId }, at);
        return {
          ...asked,
          history: [...asked.history, { at, by: input.actorId, event: 'later deadline requested', detail: `due ${current.dueDate}`, ...(reason ? { reason } : {}) }],
        };
      });
      return { audit, alreadyDone };
    },
  };
}
