import { inputsOf } from '../../cards/card-ref.js';
import { meetingKindIn, type MEETING_ACTIONS, type MeetingData, type MeetingVerb } from '../../cards/meeting.js';
import type { Audit } from '../../workflow/audit.js';
import { MEETING_PATH, type MeetingKind } from '../../workflow/meeting/meeting.js';
import { bookMeeting } from '../../workflow/use-cases/book-meeting.js';
import { cancelMeeting } from '../../workflow/use-cases/cancel-meeting.js';
import { findMeetingSlots } from '../../workflow/use-cases/find-meeting-slots.js';
import { loadAudit } from '../../workflow/use-cases/load-audit.js';
import { openMeeting } from '../../workflow/use-cases/open-meeting.js';
import { requestLaterDeadline } from '../../workflow/use-cases/request-later-deadline.js';
import { rescheduleMeeting } from '../../workflow/use-cases/reschedule-meeting.js';
import type { CardActionContext, CardActionHandler, CardActionHandlers } from '../card-action.js';
import type { Services } from '../services.js';
import { meetingCard, type MeetingViewState } from '../views/meeting-view.js';

interface Opened {
  readonly audit: Audit;
  readonly values: Record<string, string>;
  readonly offer?: number;
  readonly booking?: number;
  /** Which meeting the card acts on (its signed `meetingKind`), passed to every use case as it is. */
  readonly base: { tenantId: string; auditId: string; round: number; actorId: string; kind: MeetingKind };
}

/**
 * Booking the collaborative meeting, or the reflective meeting (WS-39), from the card. Calendar calls can be slow
 * or fail: a failure shows the card again with a neutral notice and a reference, never losing the reason typed for
 * a cancellation.
 */
export function meetingHandlers(s: Services): CardActionHandlers<typeof MEETING_ACTIONS> {
  /** Runs one meeting action for the audit's reviewer and renders the card; refusals in plain words show the current state. */
  const act = (run: (o: Opened) => Promise<MeetingViewState & { audit?: Audit }>): CardActionHandler<MeetingData> => async ({ actorId, data, recover }: CardActionContext<MeetingData>) => {
    const audit = await openMeeting(s).execute({ tenantId: s.tenantId, auditId: data.auditId, viewerId: actorId });
    const values = inputsOf(data);
    const kind = meetingKindIn(data);
    const current = () => loadAudit(s.audits, s.tenantId, audit.id);
    recover({
      invalid: async (e) => meetingCard(s, await current(), actorId, { kind, values, errors: e.fields, banner: Object.values(e.fields).join(' ') }),
      outOfDate: async (e) => meetingCard(s, await current(), actorId, { kind, banner: `Nothing changed: ${e.message}` }),
      unexpected: async (banner) => meetingCard(s, await current().catch(() => audit), actorId, { kind, values, banner }),
    });
    const opened: Opened = { audit, values, ...(data.offer ? { offer: data.offer } : {}), ...(data.booking ? { booking: data.booking } : {}), base: { tenantId: s.tenantId, auditId: audit.id, round: data.round, actorId, kind } };
    const { audit: after, ...state } = await run(opened);
    return meetingCard(s, after ?? (await current()), actorId, { kind, ...state });
  };

  const minutesOf = (values: Record<string, string>) => (values[MEETING_PATH.minutes] ? Number(values[MEETING_PATH.minutes]) : undefined);

  const handlers: Record<MeetingVerb, CardActionHandler<MeetingData>> = {
    'meeting.refresh': act(async () => ({})),

    'meeting.find': act(async ({ base, values }) => {
      const minutes = minutesOf(values);
      const without = values[MEETING_PATH.without];
      const found = await findMeetingSlots(s).execute({ ...base, ...(minutes ? { minutes } : {}), ...(without ? { without } : {}) });
      return { audit: found.audit, found };
    }),

    'meeting.later': act(async ({ base, offer }) => {
      const found = await findMeetingSlots(s).execute({ ...base, ...(offer ? { laterThan: offer } : {}) });
      return { audit: found.audit, found, ...(found.kind === 'no-later-slots' ? { banner: 'No later times fit before the audit is due.' } : {}) };
    }),

    'meeting.book': act(async ({ base, offer, values }) => {
      const result = await bookMeeting(s).execute({ ...base, offer: offer ?? 0, start: values[MEETING_PATH.slot] ?? '' });
      if (!result.alreadyDone) s.kickDelivery();
      return { audit: result.audit, ...(result.alreadyDone ? { banner: 'This meeting was already booked. Nothing changed.' } : {}) };
    }),

    'meeting.move': act(async ({ base, offer, values }) => {
      const result = await rescheduleMeeting(s).execute({ ...base, offer: offer ?? 0, start: values[MEETING_PATH.slot] ?? '' });
      if (!result.alreadyDone) s.kickDelivery();
      return { audit: result.audit, banner: result.alreadyDone ? 'The meeting is already at that time. Nothing changed.' : '✓ Moved. Everyone gets the updated invitation.' };
    }),

    'meeting.startCancel': act(async () => ({ cancelling: true })),

    'meeting.cancel': act(async ({ base, booking, values }) => {
      const reason = values[MEETING_PATH.cancelReason];
      const result = await cancelMeeting(s).execute({ ...base, booking: booking ?? 0, ...(reason ? { reason } : {}) });
      if (!result.alreadyDone) s.kickDelivery();
      return { audit: result.audit, banner: result.alreadyDone ? 'This meeting was already cancelled. Nothing changed.' : '✓ Cancelled. Everyone gets the cancellation from your calendar.' };
    }),

    'meeting.requestDeadline': act(async ({ base, values }) => {
      const reason = values[MEETING_PATH.deadlineReason];
      const result = await requestLaterDeadline(s).execute({ ...base, ...(reason ? { reason } : {}) });
      if (!result.alreadyDone) s.kickDelivery();
      return { audit: result.audit, banner: result.alreadyDone ? 'You had already asked QA. Nothing changed.' : '✓ Sent to QA: they will tell you about the deadline.' };
    }),
  };
  return handlers;
}
