import { formatDate } from '../../cards/format.js';
import { renderMeeting, type MeetingCardState, type MeetingRef } from '../../cards/meeting.js';
import type { AdaptiveCard } from '../../cards/template.js';
import type { Audit } from '../../workflow/audit.js';
import { MEETING_PATH, MEETING_ROLE_LABELS, meetingOf, type MeetingAttendance, type MeetingKind } from '../../workflow/meeting/meeting.js';
import { formatSlot } from '../../workflow/scheduling/find-slots.js';
import type { Slot } from '../../workflow/scheduling/types.js';
import type { FindMeetingSlotsOutcome } from '../../workflow/use-cases/find-meeting-slots.js';
import type { Services } from '../services.js';
import { nameIn, readViewContext, refreshUserIdsOf, zoneOf, type ViewContext } from './view-context.js';
import { optional } from './review-view.js';

export interface MeetingViewState {
  /** Which of the audit's meetings the card is for (default the collaborative meeting). */
  readonly kind?: MeetingKind;
  /** What a search just found (slots, or why there are none). */
  readonly found?: FindMeetingSlotsOutcome;
  readonly cancelling?: boolean;
  readonly banner?: string;
  readonly errors?: Readonly<Record<string, string>>;
  readonly values?: Readonly<Record<string, string>>;
}

const CONCERNS: Record<string, string> = {
  tentative: 'tentative',
  busy: 'busy',
  oof: 'away',
  unknown: 'calendar unknown',
  'outside-working-hours': 'outside their hours',
};

function slotTitle(slot: Slot, zone: string | undefined): string {
  const flags = slot.flags.map((f) => `${f.attendee.name} ${CONCERNS[f.concern] ?? f.concern}${f.attendee.required ? '' : ' (optional)'}`);
  return `${formatSlot(slot, zone)}${flags.length > 0 ? ` · ⚠ ${flags.join(', ')}` : ''}`;
}

/**
 * The card's signed reference: the audit, and which of its meetings (the collaborative meeting's reference names
 * none, as it always has; another's names it, and the signature covers the name).
 */
export function meetingRef(v: Pick<ViewContext, 'signer'>, audit: Audit, kind: MeetingKind): MeetingRef {
  if (kind === 'collaborative') return { ...v.signer.audit('meeting', audit.id, audit.round) };
  return { ...v.signer.audit('meeting', audit.id, audit.round, kind), meetingKind: kind };
}

/** Under the title: when the meeting is due, how long it is, and why it is asked for. */
function subtitleOf(v: ViewContext, audit: Audit, kind: MeetingKind, minutes: number): string {
  const zone = zoneOf(v);
  const requested = meetingOf(audit, kind)?.requested;
  if (kind === 'collaborative' || !requested) {
    return `Audit due ${formatDate(audit.dueDate, zone)} · ${minutes} minutes${v.profile.meeting.mandatory ? ' · required before grading' : ''}`;
  }
  return `The Inadequate grade stands: reflect on the audit's findings together and agree the actions · hold it by ${formatDate(requested.holdBy, zone)} · ${minutes} minutes`;
}

/** The reviewer's meeting card: times to pick, why there are none, or the booked meeting. */
export function meetingView(v: ViewContext, audit: Audit, state: MeetingViewState = {}): AdaptiveCard {
  const kind = state.kind ?? 'collaborative';
  const meeting = meetingOf(audit, kind);
  const booking = meeting?.status === 'booked' ? meeting.booking : undefined;
  const offer = meeting?.offer;
  const found = state.found;
  // Before any search, a meeting asked for already knows who is invited.
  const attending: readonly MeetingAttendance[] = found?.attendees ?? offer?.attendees ?? booking?.attendees ?? meeting?.requested?.attendees ?? [];
  const zone = zoneOf(v);
  const base = { ...meetingRef(v, audit, kind), ...(offer ? { offer: offer.number } : {}), ...(booking ? { booking: booking.number } : {}) };
  const fullLength = meeting?.requested?.minutes ?? v.profile.meeting.minutes;
  // A reflective meeting once the grade is no longer Inadequate: nothing more to arrange (the domain refuses it too).
  const notNeeded = kind !== 'collaborative' && audit.inadequate?.stopped !== undefined;
  const banner = state.banner ?? (notNeeded ? `Case ${audit.caseRef} is no longer graded Inadequate, so this meeting is not needed${booking ? ': cancel it below' : ''}.` : undefined);

  let cardState: MeetingCardState = 'none';
  if (found?.kind === 'no-slot') cardState = 'no-slot';
  else if (offer && (found || !booking)) cardState = 'offer';
  else if (booking) cardState = state.cancelling ? 'cancelling' : 'booked';

  const responses = booking
    ? booking.attendees
        .filter((a) => !a.organiser)
        .map((a) => {
          const seen = booking.responses.find((r) => r.personId === a.personId)?.response ?? 'none';
          const said = { accepted: 'accepted', declined: '⚠ declined', tentativelyAccepted: 'tentative', none: 'no reply yet', notResponded: 'no reply yet', organizer: 'organiser' }[seen];
          return `${nameIn(v, a.personId)}: ${said}`;
        })
    : [];
  const options = found?.kind === 'no-slot' ? found.options : undefined;

  return renderMeeting({
    kind,
    caseRef: audit.caseRef,
    subtitle: subtitleOf(v, audit, kind, found?.minutes ?? offer?.minutes ?? booking?.minutes ?? fullLength),
    ...optional('banner', banner),
    state: cardState,
    attendees: attending.map((a) => `${nameIn(v, a.personId)} · ${MEETING_ROLE_LABELS[a.role].toLowerCase()}${a.required ? '' : ' · optional'}`),
    notes: [...(found?.notes ?? meeting?.notes ?? [])],
    minutes: offer?.minutes ?? found?.minutes ?? fullLength,
    slots: (offer?.slots ?? []).map((slot) => ({ title: slotTitle(slot, zone), value: slot.start })),
    ...optional('chosen', state.values?.[MEETING_PATH.slot]),
    ...optional('slotError', state.errors?.[MEETING_PATH.slot]),
    hasLater: !!offer?.later,
    reschedule: !!booking,
    ...optional('explanation', found?.kind === 'no-slot' ? found.explanation.message : undefined),
    shorterOptions: options?.shorter ? [{ minutes: options.shorter.minutes, data: { ...base, [MEETING_PATH.minutes]: String(options.shorter.minutes) } }] : [],
    withoutOptions: (options?.without ?? []).map((w) => ({ name: w.name, data: { ...base, [MEETING_PATH.without]: w.personId } })),
    ...optional('deadlineReason', state.values?.[MEETING_PATH.deadlineReason]),
    ...optional('bookedTime', booking ? formatSlot(booking, zone) : undefined),
    ...optional('joinUrl', booking?.joinUrl),
    responses,
    ...optional('cancelReason', state.values?.[MEETING_PATH.cancelReason]),
    ...optional('outcome', meeting?.status === 'cancelled' && cardState === 'none' && !banner ? 'The meeting was cancelled. Find a new time when you are ready.' : undefined),
    ref: base,
    refreshUserIds: refreshUserIdsOf(v),
  });
}

/** Reads what the card needs once, then renders it. */
export async function meetingCard(s: Services, audit: Audit, viewerId: string, state: MeetingViewState = {}): Promise<AdaptiveCard> {
  return meetingView(await readViewContext(s, viewerId), audit, state);
}
