import { z } from 'zod';
import type { MeetingVerb } from '../../cards/meeting.js';
import { DomainError, InvalidInput, NotPermitted, StaleCard, TamperedCard } from '../../workflow/errors.js';
import { MEETING_FIELD } from '../../workflow/meeting/meeting.js';
import { bookMeeting } from '../../workflow/use-cases/book-meeting.js';
import { cancelMeeting } from '../../workflow/use-cases/cancel-meeting.js';
import { findMeetingSlots } from '../../workflow/use-cases/find-meeting-slots.js';
import { requestLaterDeadline } from '../../workflow/use-cases/request-later-deadline.js';
import { rescheduleMeeting } from '../../workflow/use-cases/reschedule-meeting.js';
import { inputsOf } from '../card-data.js';
import { unexpectedOnForm } from '../error-cards.js';
import type { Services } from '../services.js';
import { meetingCard } from '../views/meeting-view.js';
import type { CardActionHandler } from './card-action.js';
import { openForm } from './open-audit.js';

/** The offer and booking numbers a meeting card carries (not signed; checked by the domain against the audit). */
const Numbers = z.object({ offer: z.number().int().min(1).max(10_000).optional(), booking: z.number().int().min(1).max(10_000).optional() });

/**
 * Booking the collaborative meeting from the card. Calendar calls can be slow or fail: a failure shows the
 * card again with a neutral notice and a reference, never losing the reason typed for a cancellation.
 */
export function meetingHandlers(s: Services): Record<MeetingVerb, CardActionHandler> {
  async function open(actorId: string, raw: unknown) {
    const { data, audit } = await openForm(s, raw, 'meeting');
    if (audit.reviewerId !== actorId) throw new NotPermitted(actorId, 'arrange the meeting for an audit allocated to someone else');
    const numbers = Numbers.safeParse({ offer: data.offer, booking: data.booking });
    if (!numbers.success) throw new TamperedCard();
    return { data, audit, values: inputsOf(data), ...numbers.data, base: { tenantId: s.tenantId, auditId: audit.id, round: data.round, actorId } };
  }

  /** Runs one meeting action and renders the card; expected refusals show the current state, not an error. */
  async function act(actorId: string, raw: unknown, verb: MeetingVerb, run: (o: Awaited<ReturnType<typeof open>>) => Promise<Parameters<typeof meetingCard>[3] & { audit?: import('../../workflow/audit.js').Audit }>) {
    const opened = await open(actorId, raw);
    try {
      const { audit, ...state } = await run(opened);
      return meetingCard(s, audit ?? (await s.audits.get(s.tenantId, opened.audit.id)) ?? opened.audit, actorId, state);
    } catch (error) {
      const current = (await s.audits.get(s.tenantId, opened.audit.id)) ?? opened.audit;
      if (error instanceof InvalidInput) return meetingCard(s, current, actorId, { values: opened.values, errors: error.fields, notice: Object.values(error.fields).join(' ') });
      if (error instanceof StaleCard) return meetingCard(s, current, actorId, { notice: `Nothing changed: ${error.message}` });
      if (error instanceof DomainError) throw error;
      return meetingCard(s, current, actorId, { values: opened.values, notice: unexpectedOnForm(s, error, { verb, auditId: opened.audit.id }) });
    }
  }

  const minutesOf = (values: Record<string, string>) => (values[MEETING_FIELD.minutes] ? Number(values[MEETING_FIELD.minutes]) : undefined);

  return {
    'meeting.refresh': (actorId, raw) => act(actorId, raw, 'meeting.refresh', async () => ({})),

    'meeting.find': (actorId, raw) =>
      act(actorId, raw, 'meeting.find', async ({ base, values }) => {
        const minutes = minutesOf(values);
        const without = values[MEETING_FIELD.without];
        const found = await findMeetingSlots(s).execute({ ...base, ...(minutes ? { minutes } : {}), ...(without ? { without } : {}) });
        return { audit: found.audit, found };
      }),

    'meeting.later': (actorId, raw) =>
      act(actorId, raw, 'meeting.later', async ({ base, offer }) => {
        const found = await findMeetingSlots(s).execute({ ...base, ...(offer ? { laterThan: offer } : {}) });
        return { audit: found.audit, found, ...(found.kind === 'no-later-slots' ? { notice: 'No later times fit before the audit is due.' } : {}) };
      }),

    'meeting.book': (actorId, raw) =>
      act(actorId, raw, 'meeting.book', async ({ base, offer, values }) => {
        const result = await bookMeeting(s).execute({ ...base, offer: offer ?? 0, start: values[MEETING_FIELD.slot] ?? '' });
        if (!result.alreadyDone) s.kickDelivery();
        return { audit: result.audit, ...(result.alreadyDone ? { notice: 'This meeting was already booked. Nothing changed.' } : {}) };
      }),

    'meeting.move': (actorId, raw) =>
      act(actorId, raw, 'meeting.move', async ({ base, offer, values }) => {
        const result = await rescheduleMeeting(s).execute({ ...base, offer: offer ?? 0, start: values[MEETING_FIELD.slot] ?? '' });
        if (!result.alreadyDone) s.kickDelivery();
        return { audit: result.audit, notice: result.alreadyDone ? 'The meeting is already at that time. Nothing changed.' : '✓ Moved. Everyone gets the updated invitation.' };
      }),

    'meeting.startCancel': (actorId, raw) => act(actorId, raw, 'meeting.startCancel', async () => ({ cancelling: true })),

    'meeting.cancel': (actorId, raw) =>
      act(actorId, raw, 'meeting.cancel', async ({ base, booking, values }) => {
        const reason = values[MEETING_FIELD.cancelReason];
        const result = await cancelMeeting(s).execute({ ...base, booking: booking ?? 0, ...(reason ? { reason } : {}) });
        if (!result.alreadyDone) s.kickDelivery();
        return { audit: result.audit, notice: result.alreadyDone ? 'This meeting was already cancelled. Nothing changed.' : '✓ Cancelled. Everyone gets the cancellation from your calendar.' };
      }),

    'meeting.requestDeadline': (actorId, raw) =>
      act(actorId, raw, 'meeting.requestDeadline', async ({ base, values }) => {
        const reason = values[MEETING_FIELD.deadlineReason];
        const result = await requestLaterDeadline(s).execute({ ...base, ...(reason ? { reason } : {}) });
        if (!result.alreadyDone) s.kickDelivery();
        return { audit: result.audit, notice: result.alreadyDone ? 'You had already asked QA. Nothing changed.' : '✓ Sent to QA: they will tell you about the deadline.' };
      }),
  };
}
