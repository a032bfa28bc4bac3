import template from './meeting.json' with { type: 'json' };
import { z } from 'zod';
import { MEETING_KIND_LABELS, type MeetingKind } from '../workflow/meeting/meeting-record.js';
import { auditRef, cardActions, type AuditRef } from './card-ref.js';
import type { Choice } from './review.js';
import { expand, type AdaptiveCard } from './template.js';

/**
 * The meeting kinds a card names (`meetingKind`); absent means the collaborative meeting, so every card sent before
 * the reflective meeting existed, and every collaborative card since, keeps its data and signature.
 */
const NAMED_KINDS = ['reflective'] as const satisfies readonly Exclude<MeetingKind, 'collaborative'>[];

/**
 * The meeting card's data: the audit, which of its meetings (signed with it: a card for one meeting cannot be turned
 * into one for the other, and an unknown kind is refused), the offer and booking numbers it shows (checked by the
 * domain), and its inputs.
 */
export const MeetingData = z
  .object({
    ...auditRef,
    meetingKind: z.enum(NAMED_KINDS).optional(),
    offer: z.number().int().min(1).max(10_000).optional(),
    booking: z.number().int().min(1).max(10_000).optional(),
  })
  .catchall(z.union([z.string().max(4000), z.number(), z.boolean(), z.null()]))
  .refine((data) => Object.keys(data).length <= 50);
export type MeetingData = z.infer<typeof MeetingData>;

export const MEETING_ACTIONS = cardActions(
  ['meeting.refresh', 'meeting.find', 'meeting.later', 'meeting.book', 'meeting.move', 'meeting.startCancel', 'meeting.cancel', 'meeting.requestDeadline'],
  MeetingData,
  { family: 'meeting', id: 'auditId', qualifier: 'meetingKind' },
);
export type MeetingVerb = keyof typeof MEETING_ACTIONS;

/** Which meeting a card's data names. */
export function meetingKindIn(data: Pick<MeetingData, 'meetingKind'>): MeetingKind {
  return data.meetingKind ?? 'collaborative';
}

/** The signed audit reference (with the meeting it names), the offer and booking the card shows and any choice a button carries. */
export type MeetingRef = AuditRef & {
  readonly meetingKind?: (typeof NAMED_KINDS)[number];
  readonly offer?: number;
  readonly booking?: number;
  readonly [choice: `meeting.${string}`]: string | number;
};

/** `none`: nothing offered or booked; `offer`: times to pick; `no-slot`: why not, and ways out; `booked`; `cancelling`. */
export type MeetingCardState = 'none' | 'offer' | 'no-slot' | 'booked' | 'cancelling';

export interface MeetingCardData {
  /** Which meeting: it names the card (default the collaborative meeting). */
  readonly kind?: MeetingKind;
  readonly caseRef: string;
  readonly subtitle: string;
  readonly banner?: string;
  readonly state: MeetingCardState;
  /** "Sam Patel · team manager · required", … */
  readonly attendees: readonly string[];
  readonly notes: readonly string[];
  readonly minutes: number;
  readonly slots: readonly Choice[];
  readonly chosen?: string;
  readonly slotError?: string;
  readonly hasLater: boolean;
  /** Booking a new meeting, or moving the booked one. */
  readonly reschedule: boolean;
  readonly explanation?: string;
  readonly shorterOptions: readonly { minutes: number; data: MeetingRef }[];
  readonly withoutOptions: readonly { name: string; data: MeetingRef }[];
  readonly deadlineReason?: string;
  readonly bookedTime?: string;
  readonly joinUrl?: string;
  readonly responses: readonly string[];
  readonly cancelReason?: string;
  readonly outcome?: string;
  readonly ref: MeetingRef;
  readonly refreshUserIds: readonly string[];
}

export function renderMeeting(data: MeetingCardData): AdaptiveCard {
  const kind = data.kind ?? 'collaborative';
  // The collaborative meeting must come before the audit is due, so QA may move the deadline; the reflective
  // meeting's date is the product's, with no deadline for QA to move.
  const laterDeadline = kind === 'collaborative';
  return expand(template, {
    ...data,
    title: `${MEETING_KIND_LABELS[kind]} · case ${data.caseRef}`,
    laterDeadline,
    noSlotHelp: laterDeadline
      ? 'You can try a shorter meeting, book without someone (they are still invited), or ask QA for a later deadline.'
      : 'You can try a shorter meeting, or book without someone (they are still invited).',
    action: data.ref,
    chosen: data.chosen ?? data.slots[0]?.value ?? '',
    deadlineReason: data.deadlineReason ?? '',
    cancelReason: data.cancelReason ?? '',
    joinUrl: data.joinUrl ?? '',
    bookTitle: data.reschedule ? 'Move the meeting to this time' : 'Book this time',
    bookVerb: data.reschedule ? 'meeting.move' : 'meeting.book',
  });
}
