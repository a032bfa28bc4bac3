/**
 * The collaborative review meeting on the Audit aggregate (QA-DOMAIN.md step 2, "Arrange the meeting").
 *
 * A reviewer asks for times (an **offer**: up to three slots, and where "show later times" continues), picks one
 * (a **booking**: a Teams meeting in the reviewer's Outlook calendar, with every attendee invited), and may move
 * it to another offered time or cancel it. Attendees' responses are read back from the calendar; a required
 * attendee who declines is reported to the reviewer once per decline.
 *
 *   (none) ──offer──▶ proposed ──book──▶ booked ──cancel──▶ cancelled ──offer──▶ proposed …
 *                       ▲  │offer (new times replace the old)   │offer (times to move to; stays booked)
 *                       └──┘                                    └──move──▶ booked
 *
 * The audit's own status follows: accepted → meetingBooked on booking, back to accepted on cancelling. An audit
 * already `inReview` (the reviewer saved a draft first) may book, move and cancel too; its status stays. A
 * withdrawn audit may still cancel a meeting it left behind.
 *
 * The same rules run West Sussex's **Reflective Practice & Action Meeting** (`kind: 'reflective'`, WS-39), which the
 * Inadequate pathway asks the reviewer to arrange (reflective.ts): it lives in `audit.meetings.reflective`, its
 * attendees and length were fixed when it was asked for, it is arranged after submission (so it never gates
 * Submit and never changes the audit's status), its transaction ids and message keys name it so they never meet
 * the collaborative meeting's, and its history lines say "reflective meeting". Every function takes the kind last,
 * defaulting to the collaborative meeting, which behaves exactly as before.
 *
 * Everything here is a pure function of the audit it is given, so `Audits.update` may run it again after an
 * ETag conflict; the external calls (Calendar) happen in the use cases, before the update.
 */
import { STATUS_WORDS, type Audit, type AuditStatus, type HistoryEntry } from '../audit.js';
import { DEFAULT_TIME_ZONE, formatShortDate } from '../dates.js';
import { IllegalTransition, NotPermitted, StaleCard, TamperedCard } from '../errors.js';
import { sameJson } from '../json.js';
import { cancelUnsent, enqueue, findMessage, type OutboxMessage } from '../outbox.js';
import type { PersonId } from '../people.js';
import type { ResponseStatus } from '../scheduling/calendar.js';
import { formatSlot } from '../scheduling/find-slots.js';
import type { Slot } from '../scheduling/types.js';
export { MEETING_KINDS, MEETING_KIND_LABELS, MEETING_ROLES, MEETING_ROLE_LABELS } from './meeting-record.js';
export type { BookedAttendee, Meeting, MeetingAttendance, MeetingBooking, MeetingKind, MeetingOffer, MeetingRequest, MeetingRole, MeetingStatus, RecordedResponse } from './meeting-record.js';
import {
  MEETING_KIND_LABELS,
  MEETING_KINDS,
  MEETING_ROLE_LABELS,
  type BookedAttendee,
  type Meeting,
  type MeetingAttendance,
  type MeetingBooking,
  type MeetingKind,
  type MeetingOffer,
  type MeetingStatus,
} from './meeting-record.js';

/**
 * What a reviewer chooses when arranging the meeting, by path (a validation problem is keyed by the path of the
 * choice it is about; the meeting card names its inputs by these paths):
 *   meeting.slot            the chosen slot's start (ISO instant), one of the offered slots
 *   meeting.minutes         a shorter length (whole minutes), when no slot of the profile's length exists
 *   meeting.without         the person id of the required attendee to book without (they are invited as optional)
 *   meeting.cancelReason    text sent with the cancellation
 *   meeting.deadlineReason  text sent to QA with a request for a later deadline
 */
export const MEETING_PATH = {
  slot: 'meeting.slot',
  minutes: 'meeting.minutes',
  without: 'meeting.without',
  cancelReason: 'meeting.cancelReason',
  deadlineReason: 'meeting.deadlineReason',
} as const;

export const MEETING_TEXT_MAX = 500;

/** Audit statuses in which the reviewer arranges the meeting: after accepting, and before submitting. */
export const MEETING_STATUSES: readonly AuditStatus[] = ['accepted', 'meetingBooked', 'inReview'];
/** A withdrawn audit may still cancel the meeting it left behind. */
export const CANCELLABLE: readonly AuditStatus[] = [...MEETING_STATUSES, 'withdrawn'];
/**
 * Audit statuses in which the reflective meeting is arranged: the Inadequate pathway starts at submission or once
 * moderation confirms the grade, and the meeting follows it through moderation, finalising and any dispute.
 */
export const REFLECTIVE_STATUSES: readonly AuditStatus[] = ['submitted', 'awaitingModeration', 'moderated', 'finalised', 'disputed'];

// ---- the audit's meetings ---------------------------------------------------------------------------------

/** The audit's meeting of `kind`: the collaborative one where it always was (`audit.meeting`), others in `audit.meetings`. */
export function meetingOf(audit: Pick<Audit, 'meeting' | 'meetings'>, kind: MeetingKind = 'collaborative'): Meeting | undefined {
  return kind === 'collaborative' ? audit.meeting : audit.meetings?.[kind];
}

/** The audit with its meeting of `kind` replaced. */
export function withMeeting(audit: Audit, kind: MeetingKind, meeting: Meeting): Audit {
  return kind === 'collaborative' ? { ...audit, meeting } : { ...audit, meetings: { ...audit.meetings, [kind]: meeting } };
}

/** The live booking of `kind`, while one is booked. */
export function liveBooking(audit: Pick<Audit, 'meeting' | 'meetings'>, kind: MeetingKind = 'collaborative'): MeetingBooking | undefined {
  const meeting = meetingOf(audit, kind);
  return meeting?.status === 'booked' ? meeting.booking : undefined;
}

/** Every live booking of the audit, with its kind: the meetings whose times are busy and whose responses are read. */
export function liveBookings(audit: Pick<Audit, 'meeting' | 'meetings'>): { readonly kind: MeetingKind; readonly booking: MeetingBooking }[] {
  return MEETING_KINDS.flatMap((kind) => {
    const booking = liveBooking(audit, kind);
    return booking ? [{ kind, booking }] : [];
  });
}

/**
 * The earliest start (ISO) of the audit's live bookings that end after `endingAfter` (ISO), or undefined when none
 * does: how `Audits.withBookedMeetings` matches and orders audits, in Cosmos and in the in-memory fake alike.
 */
export function earliestLiveStart(audit: Pick<Audit, 'meeting' | 'meetings'>, endingAfter: string): string | undefined {
  const starts = liveBookings(audit)
    .filter(({ booking }) => booking.end > endingAfter)
    .map(({ booking }) => booking.start)
    .sort();
  return starts[0];
}

/** "meeting booked", "reflective meeting booked": the history names which meeting. */
function eventName(kind: MeetingKind, what: string): string {
  return kind === 'collaborative' ? `meeting ${what}` : `${kind} meeting ${what}`;
}

// ---- guards -----------------------------------------------------------------------------------------------

/** What a refusal says the reviewer tried to do. */
export interface MeetingAction {
  /** "book the meeting": for "You cannot book the meeting: only the allocated reviewer can." */
  readonly action: string;
  /** "given a meeting": for "An audit that is submitted cannot be given a meeting." */
  readonly attempted: string;
}

export const MEETING_ACTIONS = {
  offer: { action: 'arrange the meeting for this audit', attempted: 'offered meeting times' },
  book: { action: 'book the meeting for this audit', attempted: 'given a meeting' },
  move: { action: 'move the meeting for this audit', attempted: 'given a new meeting time' },
  cancel: { action: 'cancel the meeting for this audit', attempted: 'changed by cancelling its meeting' },
  deadline: { action: 'ask for a later deadline for this audit', attempted: 'given a later deadline' },
} as const satisfies Record<string, MeetingAction>;

/** The same steps for the reflective meeting, in its words. */
export const REFLECTIVE_ACTIONS = {
  offer: { action: 'arrange the Reflective Practice & Action Meeting for this audit', attempted: 'offered reflective meeting times' },
  book: { action: 'book the Reflective Practice & Action Meeting for this audit', attempted: 'given a reflective meeting' },
  move: { action: 'move the Reflective Practice & Action Meeting for this audit', attempted: 'given a new reflective meeting time' },
  cancel: { action: 'cancel the Reflective Practice & Action Meeting for this audit', attempted: 'changed by cancelling its reflective meeting' },
} as const satisfies Record<string, MeetingAction>;

export type MeetingStep = keyof typeof REFLECTIVE_ACTIONS;

/** Round, then person, then status: a previous reviewer learns the case was reallocated, not "not yours". */
export function requireOrganiser(audit: Audit, actorId: PersonId, round: number, what: MeetingAction, statuses = MEETING_STATUSES): void {
  if (round !== audit.round) {
    throw new StaleCard(`This card is out of date: case ${audit.caseRef} has been reallocated since it was sent.`);
  }
  if (audit.reviewerId !== actorId) throw new NotPermitted(actorId, `${what.action}: only the allocated reviewer can`);
  if (!statuses.includes(audit.status)) {
    throw new IllegalTransition(STATUS_WORDS[audit.status], what.attempted);
  }
}

/**
 * The guard for a step on the meeting of `kind`, before anything else is read or changed. The collaborative meeting:
 * `requireOrganiser`, as it always was. The reflective meeting: the same round and person checks, in the statuses
 * after submission; a meeting never asked for is not one this bot put on a card; and once the grade is no longer
 * Inadequate no new time is offered, booked or moved to (a booked one may still be cancelled).
 */
export function requireMeetingOrganiser(audit: Audit, actorId: PersonId, round: number, kind: MeetingKind, step: MeetingStep): void {
  if (kind === 'collaborative') {
    requireOrganiser(audit, actorId, round, MEETING_ACTIONS[step], step === 'cancel' ? CANCELLABLE : MEETING_STATUSES);
    return;
  }
  requireOrganiser(audit, actorId, round, REFLECTIVE_ACTIONS[step], REFLECTIVE_STATUSES);
  if (!meetingOf(audit, kind)?.requested) throw new TamperedCard();
  if (step !== 'cancel' && audit.inadequate?.stopped) {
    throw new StaleCard(`Case ${audit.caseRef} is no longer graded Inadequate, so the Reflective Practice & Action Meeting is not needed: cancel it if it is booked.`);
  }
}

/** An instant from a card, normalised; anything else is not something this bot rendered. */
export function cardInstant(text: unknown): string {
  if (typeof text !== 'string') throw new TamperedCard();
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(ms)) throw new TamperedCard();
  return new Date(ms).toISOString();
}

/**
 * The slot the reviewer picked, which must be one the bot offered on the current offer. A slot from an older
 * offer is a stale card; a time never offered (or an offer number never made) is a tampered one.
 */
export function offeredSlot(audit: Audit, offerNumber: number, start: string, kind: MeetingKind = 'collaborative'): { offer: MeetingOffer; slot: Slot } {
  const meeting = meetingOf(audit, kind);
  const offer = meeting?.offer;
  const at = cardInstant(start);
  const made = meeting?.offers ?? 0;
  if (!Number.isInteger(offerNumber) || offerNumber < 1 || offerNumber > made) throw new TamperedCard();
  if (!offer || offer.number !== offerNumber) {
    throw new StaleCard(`These times for case ${audit.caseRef} have been replaced: press "Book meeting" for the current ones.`);
  }
  const slot = offer.slots.find((s) => Date.parse(s.start) === Date.parse(at));
  if (!slot) throw new TamperedCard();
  return { offer, slot };
}

// ---- ids and keys -----------------------------------------------------------------------------------------

/**
 * Deterministic per audit, round, meeting and booking: a retried or double-clicked booking never makes two events,
 * and the reflective meeting's first booking is never mistaken by the calendar for the collaborative meeting's.
 */
export function transactionIdFor(audit: Pick<Audit, 'id' | 'round'>, bookingNumber: number, kind: MeetingKind = 'collaborative'): string {
  return `qa-${audit.id}-r${audit.round}-${kind === 'collaborative' ? '' : `${kind}-`}b${bookingNumber}`;
}

/** The collaborative meeting's keys are as they always were; another meeting's name it (`…:<audit>:reflective:b1…`). */
const keyed = (auditId: string, kind: MeetingKind) => (kind === 'collaborative' ? auditId : `${auditId}:${kind}`);

export const meetingKeys = {
  booked: (auditId: string, booking: number, to: PersonId, kind: MeetingKind = 'collaborative') => `meeting-booked:${keyed(auditId, kind)}:b${booking}:${to}`,
  /** `change`: `m<moves>` for a move, `c` for the cancellation. */
  update: (auditId: string, booking: number, change: string, to: PersonId, kind: MeetingKind = 'collaborative') =>
    `meeting-update:${keyed(auditId, kind)}:b${booking}:${change}:${to}`,
  declined: (auditId: string, booking: number, who: PersonId, count: number, kind: MeetingKind = 'collaborative') =>
    `meeting-declined:${keyed(auditId, kind)}:b${booking}:${who}:${count}`,
  deadline: (auditId: string, round: number, offers: number) => `deadline-request:${auditId}:r${round}:o${offers}`,
  /** The reviewer is asked to arrange the reflective meeting once per audit (the pathway starts once per audit). */
  reflectiveRequest: (auditId: string) => `reflective-meeting:${auditId}`,
};

/** Which meeting a message is about: the one it names, else the collaborative meeting (every message before WS-39). */
export function meetingKindOf(message: Pick<OutboxMessage, 'meeting'>): MeetingKind {
  return message.meeting ?? 'collaborative';
}

/** The booking a meeting message is about (the live one or a cancelled one). */
export function bookingOfMessage(audit: Audit, message: Pick<OutboxMessage, 'booking' | 'meeting'>): MeetingBooking | undefined {
  const n = message.booking;
  if (n === undefined) return undefined;
  const meeting = meetingOf(audit, meetingKindOf(message));
  if (meeting?.booking?.number === n) return meeting.booking;
  return meeting?.previous.find((b) => b.number === n);
}

/** For a `meeting-declined` message: who declined. */
export function declinerOfMessage(message: Pick<OutboxMessage, 'attendeeId' | 'kind'>): PersonId | undefined {
  return message.kind === 'meeting-declined' ? message.attendeeId : undefined;
}

// ---- changes ----------------------------------------------------------------------------------------------

export function emptyMeeting(): Meeting {
  return { status: 'proposed', offers: 0, bookings: 0, previous: [], notes: [] };
}

/** The content of an offer, to tell a repeated search (same times) from a new one. */
function sameOffer(a: MeetingOffer, b: Omit<MeetingOffer, 'number' | 'madeAt'>): boolean {
  const content = (o: Omit<MeetingOffer, 'number' | 'madeAt'>) => [o.minutes, o.attendees, o.slots, o.later ?? null, o.after ?? null, o.without ?? null];
  return sameJson(content(a), content(b));
}

/** A new offer: the offer's content (its number and time are given when recorded), and what the search noted. */
export type OfferInput = Omit<MeetingOffer, 'number' | 'madeAt'> & { readonly notes: readonly string[] };

/**
 * Records the slots shown on the card. The same times found again (a second click, nothing changed in anyone's
 * calendar) keep the current offer and its number, so the card already showing them stays valid.
 */
export function recordOffer(audit: Audit, actorId: PersonId, round: number, input: OfferInput, at: string, kind: MeetingKind = 'collaborative'): Audit {
  requireMeetingOrganiser(audit, actorId, round, kind, 'offer');
  if (input.slots.length === 0) throw new RangeError('An offer has at least one slot.');
  const meeting = meetingOf(audit, kind) ?? emptyMeeting();
  const content = {
    minutes: input.minutes,
    attendees: input.attendees,
    slots: input.slots,
    ...(input.later ? { later: input.later } : {}),
    ...(input.after ? { after: input.after } : {}),
    ...(input.without ? { without: input.without } : {}),
  };
  if (meeting.offer && sameOffer(meeting.offer, content) && sameJson(meeting.notes, input.notes)) return audit;
  const number = meeting.offers + 1;
  return withMeeting(audit, kind, {
    ...meeting,
    status: meeting.status === 'booked' ? 'booked' : 'proposed',
    offers: number,
    offer: { number, madeAt: at, ...content },
    notes: [...input.notes],
  });
}

/**
 * The people told about the meeting in chat (Outlook sends everyone the invitation anyway): for the collaborative
 * meeting the practitioner and team manager; for another, everyone it invited but the organiser.
 */
function toldInChat(audit: Audit, kind: MeetingKind, booking: MeetingBooking): PersonId[] {
  const told = kind === 'collaborative' ? [audit.practitionerId, audit.teamManagerId] : booking.attendees.filter((a) => !a.organiser).map((a) => a.personId);
  return [...new Set(told)].filter((id) => id !== audit.reviewerId);
}

/** The message fields saying which meeting a message is about: none for the collaborative meeting (as before). */
function aboutMeeting(kind: MeetingKind): { meeting?: MeetingKind } {
  return kind === 'collaborative' ? {} : { meeting: kind };
}

function withoutOffer(meeting: Meeting): Meeting {
  const { offer: _offer, ...rest } = meeting;
  return rest;
}

export interface BookingInput {
  readonly offer: number;
  readonly slot: Pick<Slot, 'start' | 'end'>;
  readonly transactionId: string;
  readonly eventId: string;
  readonly joinUrl?: string;
  readonly attendees: readonly BookedAttendee[];
  /** The reviewer's zone, for the history line. */
  readonly timeZone?: string;
}

/**
 * Records the event the calendar created: the meeting is `booked`, the audit `meetingBooked` (from accepted; the
 * reflective meeting leaves the status alone), the offer is used up, and the people told in chat get a heads-up.
 */
export function recordBooking(audit: Audit, actorId: PersonId, round: number, input: BookingInput, at: string, kind: MeetingKind = 'collaborative'): Audit {
  requireMeetingOrganiser(audit, actorId, round, kind, 'book');
  const meeting = meetingOf(audit, kind);
  if (meeting?.status === 'booked') {
    throw new StaleCard(`A meeting for case ${audit.caseRef} is already booked: move or cancel it from the card.`);
  }
  const { offer } = offeredSlot(audit, input.offer, input.slot.start, kind);
  const number = meeting!.bookings + 1;
  const start = new Date(input.slot.start).toISOString();
  const end = new Date(input.slot.end).toISOString();
  const booking: MeetingBooking = {
    number,
    transactionId: input.transactionId,
    eventId: input.eventId,
    start,
    end,
    minutes: Math.round((Date.parse(end) - Date.parse(start)) / 60_000),
    ...(input.joinUrl ? { joinUrl: input.joinUrl } : {}),
    offer: offer.number,
    attendees: input.attendees,
    bookedAt: at,
    bookedBy: actorId,
    moves: 0,
    responses: [],
    declines: [],
  };
  const history: HistoryEntry = {
    at,
    by: actorId,
    event: eventName(kind, 'booked'),
    detail: `${formatSlot(booking, input.timeZone ?? DEFAULT_TIME_ZONE)} (${booking.minutes} minutes) with ${attendeeRoles(booking.attendees)}`,
  };
  let next: Audit = {
    ...withMeeting(audit, kind, { ...withoutOffer(meeting!), status: 'booked', bookings: number, booking }),
    // Only the collaborative meeting is a step of the audit's lifecycle.
    status: kind === 'collaborative' && audit.status === 'accepted' ? 'meetingBooked' : audit.status,
    history: [...audit.history, history],
  };
  for (const to of toldInChat(audit, kind, booking)) {
    next = enqueue(next, { key: meetingKeys.booked(audit.id, number, to, kind), kind: 'meeting-booked', to, booking: number, ...aboutMeeting(kind) }, at);
  }
  return next;
}

function attendeeRoles(attendees: readonly MeetingAttendance[]): string {
  return attendees
    .filter((a) => !a.organiser)
    .map((a) => `${MEETING_ROLE_LABELS[a.role].toLowerCase()}${a.required ? '' : ' (optional)'}`)
    .join(', ');
}

/** Tells the people told of the booking that it changed, updating their earlier card in place. */
function notifyChange(audit: Audit, booking: MeetingBooking, change: string, at: string, kind: MeetingKind): Audit {
  let next = audit;
  for (const to of toldInChat(audit, kind, booking)) {
    const original = meetingKeys.booked(audit.id, booking.number, to, kind);
    const earlier = findMessage(next, original);
    if (earlier && (earlier.state === 'pending' || earlier.state === 'held')) {
      // Never shown: a moved meeting's card shows the new time when it is; a cancelled one need not be shown.
      if (change === 'c') next = cancelUnsent(next, original);
      continue;
    }
    next = enqueue(next, { key: meetingKeys.update(audit.id, booking.number, change, to, kind), kind: 'meeting-update', to, replaces: original, booking: booking.number, ...aboutMeeting(kind) }, at);
  }
  return next;
}

export interface MoveInput {
  readonly offer: number;
  readonly slot: Pick<Slot, 'start' | 'end'>;
  /** The event moved: must still be the live one. */
  readonly eventId: string;
  readonly joinUrl?: string;
  readonly timeZone?: string;
}

/** Records a move to another offered time; the offer is used up and the people told are told again. */
export function recordMove(audit: Audit, actorId: PersonId, round: number, input: MoveInput, at: string, kind: MeetingKind = 'collaborative'): Audit {
  requireMeetingOrganiser(audit, actorId, round, kind, 'move');
  const meeting = meetingOf(audit, kind);
  const booking = meeting?.booking;
  if (meeting?.status !== 'booked' || !booking || booking.eventId !== input.eventId) {
    throw new StaleCard(`The meeting for case ${audit.caseRef} has changed since this card was sent: open the latest one from "my audits".`);
  }
  offeredSlot(audit, input.offer, input.slot.start, kind);
  const start = new Date(input.slot.start).toISOString();
  const end = new Date(input.slot.end).toISOString();
  const tz = input.timeZone ?? DEFAULT_TIME_ZONE;
  const moved: MeetingBooking = {
    ...booking,
    start,
    end,
    minutes: Math.round((Date.parse(end) - Date.parse(start)) / 60_000),
    ...(input.joinUrl ? { joinUrl: input.joinUrl } : {}),
    offer: input.offer,
    moves: booking.moves + 1,
  };
  const next: Audit = {
    ...withMeeting(audit, kind, { ...withoutOffer(meeting), booking: moved }),
    history: [...audit.history, { at, by: actorId, event: eventName(kind, 'moved'), detail: `from ${formatSlot(booking, tz)} to ${formatSlot(moved, tz)}` }],
  };
  return notifyChange(next, moved, `m${moved.moves}`, at, kind);
}

/**
 * Records the cancellation: the meeting is `cancelled` (the booking kept in `previous`), the offer cleared, the
 * audit back to `accepted` (from meetingBooked; other statuses stay), the people told are told.
 */
export function recordCancellation(
  audit: Audit,
  actorId: PersonId,
  round: number,
  eventId: string,
  reason: string | undefined,
  at: string,
  kind: MeetingKind = 'collaborative',
): Audit {
  requireMeetingOrganiser(audit, actorId, round, kind, 'cancel');
  const meeting = meetingOf(audit, kind);
  const booking = meeting?.booking;
  if (meeting?.status !== 'booked' || !booking || booking.eventId !== eventId) {
    throw new StaleCard(`The meeting for case ${audit.caseRef} has changed since this card was sent: open the latest one from "my audits".`);
  }
  const cancelled: MeetingBooking = { ...booking, cancelled: { at, by: actorId, ...(reason ? { reason } : {}) } };
  const { booking: _live, ...rest } = withoutOffer(meeting);
  const next: Audit = {
    ...withMeeting(audit, kind, { ...rest, status: 'cancelled', previous: [...meeting.previous, cancelled] }),
    status: kind === 'collaborative' && audit.status === 'meetingBooked' ? 'accepted' : audit.status,
    history: [...audit.history, { at, by: actorId, event: eventName(kind, 'cancelled'), ...(reason ? { reason } : {}) }],
  };
  return notifyChange(next, cancelled, 'c', at, kind);
}

/** The booking as it was just cancelled, when `eventId` is the last one cancelled (a repeated cancel). */
export function cancelledBooking(audit: Audit, eventId: string, kind: MeetingKind = 'collaborative'): MeetingBooking | undefined {
  const meeting = meetingOf(audit, kind);
  const last = meeting?.previous.at(-1);
  return meeting?.status !== 'booked' && last?.eventId === eventId ? last : undefined;
}

export interface SeenResponse {
  readonly mailbox: string;
  readonly response: ResponseStatus;
}

/**
 * Records attendees' responses to the live event `eventId`. Each new decline is counted; a required attendee's
 * is told to the reviewer (message `meeting-declined`, once per decline: the key counts them) so the card can
 * offer new times. Returns the audit itself when nothing changed (so no write happens).
 */
export function recordResponses(audit: Audit, eventId: string, seen: readonly SeenResponse[], at: string, kind: MeetingKind = 'collaborative'): Audit {
  const meeting = meetingOf(audit, kind);
  const booking = meeting?.booking;
  if (meeting?.status !== 'booked' || !booking || booking.eventId !== eventId) return audit;
  const byMailbox = new Map(seen.map((r) => [r.mailbox.trim().toLowerCase(), r.response]));
  let responses = [...booking.responses];
  let declines = [...booking.declines];
  let changed = false;
  const history: HistoryEntry[] = [];
  const told: { personId: PersonId; count: number }[] = [];
  for (const attendee of booking.attendees) {
    if (attendee.organiser) continue;
    const response = byMailbox.get(attendee.mailbox.trim().toLowerCase());
    if (response === undefined) continue;
    const before = responses.find((r) => r.personId === attendee.personId)?.response ?? 'none';
    if (response === before) continue;
    changed = true;
    responses = [...responses.filter((r) => r.personId !== attendee.personId), { personId: attendee.personId, response, at }];
    if (response !== 'declined') continue;
    const count = (declines.find((d) => d.personId === attendee.personId)?.count ?? 0) + 1;
    declines = [...declines.filter((d) => d.personId !== attendee.personId), { personId: attendee.personId, count }];
    history.push({
      at,
      by: attendee.personId,
      event: eventName(kind, 'declined'),
      detail: `${MEETING_ROLE_LABELS[attendee.role]}${attendee.required ? '' : ' (optional)'} declined the meeting on ${formatSlot(booking)}`,
    });
    if (attendee.required) told.push({ personId: attendee.personId, count });
  }
  if (!changed) return audit;
  let next: Audit = {
    ...withMeeting(audit, kind, { ...meeting, booking: { ...booking, responses, declines } }),
    history: [...audit.history, ...history],
  };
  for (const d of told) {
    next = enqueue(
      next,
      { key: meetingKeys.declined(audit.id, booking.number, d.personId, d.count, kind), kind: 'meeting-declined', to: audit.reviewerId, booking: booking.number, attendeeId: d.personId, ...aboutMeeting(kind) },
      at,
    );
  }
  return next;
}

// ---- what the bot shows -----------------------------------------------------------------------------------

export type MeetingSummaryStatus = 'not-booked' | MeetingStatus;

export interface MeetingSummary {
  readonly status: MeetingSummaryStatus;
  /** The live booking's times and join link (`booked`). */
  readonly start?: string;
  readonly end?: string;
  readonly joinUrl?: string;
  /** Required attendees whose latest response is a decline. */
  readonly declinedBy: readonly PersonId[];
  /** One line for "my audits": "Meeting Tue 5 Jan, 10:00–11:00", "Meeting not booked yet", … */
  readonly text: string;
}

/**
 * The meeting as "my audits" shows it, in the reader's time zone; undefined for an audit whose meeting is not
 * (or no longer) a question: before acceptance, or after submission with no meeting on record.
 */
export function meetingSummary(audit: Audit, timeZone: string = DEFAULT_TIME_ZONE): MeetingSummary | undefined {
  const meeting = audit.meeting;
  if (!meeting) {
    return MEETING_STATUSES.includes(audit.status) ? { status: 'not-booked', declinedBy: [], text: 'Meeting not booked yet' } : undefined;
  }
  const booking = meeting.booking;
  if (meeting.status === 'booked' && booking) {
    const required = new Set(booking.attendees.filter((a) => a.required).map((a) => a.personId));
    const declinedBy = booking.responses.filter((r) => r.response === 'declined' && required.has(r.personId)).map((r) => r.personId);
    return {
      status: 'booked',
      start: booking.start,
      end: booking.end,
      ...(booking.joinUrl ? { joinUrl: booking.joinUrl } : {}),
      declinedBy,
      text: `Meeting ${formatSlot(booking, timeZone)}${declinedBy.length > 0 ? ' (declined by an attendee: choose a new time)' : ''}`,
    };
  }
  if (meeting.status === 'cancelled') return { status: 'cancelled', declinedBy: [], text: 'Meeting cancelled, not rebooked yet' };
  return { status: 'proposed', declinedBy: [], text: 'Meeting times offered, not booked yet' };
}

/**
 * The reflective meeting in one line, for "my audits" and the audit's summary, in the reader's time zone; undefined
 * when none was asked for: "Reflective Practice & Action Meeting Wed 9 Dec, 10:00–11:00", "… not booked yet, to be
 * held by Fri 18 Dec".
 */
export function reflectiveSummary(audit: Audit, timeZone: string = DEFAULT_TIME_ZONE): MeetingSummary | undefined {
  const meeting = meetingOf(audit, 'reflective');
  if (!meeting) return undefined;
  const name = MEETING_KIND_LABELS.reflective;
  const booking = liveBooking(audit, 'reflective');
  if (booking) {
    const required = new Set(booking.attendees.filter((a) => a.required).map((a) => a.personId));
    const declinedBy = booking.responses.filter((r) => r.response === 'declined' && required.has(r.personId)).map((r) => r.personId);
    return {
      status: 'booked',
      start: booking.start,
      end: booking.end,
      ...(booking.joinUrl ? { joinUrl: booking.joinUrl } : {}),
      declinedBy,
      text: `${name} ${formatSlot(booking, timeZone)}${declinedBy.length > 0 ? ' (declined by an attendee: choose a new time)' : ''}`,
    };
  }
  if (meeting.status === 'cancelled') return { status: 'cancelled', declinedBy: [], text: `${name} cancelled, not rebooked yet` };
  const by = meeting.requested ? `, to be held by ${formatShortDate(meeting.requested.holdBy)}` : '';
  return { status: meeting.offers > 0 ? 'proposed' : 'not-booked', declinedBy: [], text: `${name} not booked yet${by}` };
}
