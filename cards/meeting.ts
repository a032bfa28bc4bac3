import template from './meeting.json' with { type: 'json' };
import { z } from 'zod';
import { auditRef, cardActions, type AuditRef } from './card-ref.js';
import type { Choice } from './review.js';
import { expand, type AdaptiveCard } from './template.js';

/** The meeting card's data: the audit, the offer and booking numbers it shows (checked by the domain), and its inputs. */
export const MeetingData = z
  .object({ ...auditRef, offer: z.number().int().min(1).max(10_000).optional(), booking: z.number().int().min(1).max(10_000).optional() })
  .catchall(z.union([z.string().max(4000), z.number(), z.boolean(), z.null()]))
  .refine((data) => Object.keys(data).length <= 50);
export type MeetingData = z.infer<typeof MeetingData>;

export const MEETING_ACTIONS = cardActions(
  ['meeting.refresh', 'meeting.find', 'meeting.later', 'meeting.book', 'meeting.move', 'meeting.startCancel', 'meeting.cancel', 'meeting.requestDeadline'],
  MeetingData,
  { family: 'meeting', id: 'auditId' },
);
export type MeetingVerb = keyof typeof MEETING_ACTIONS;

/** The signed audit reference, with the offer and booking the card shows and any choice a button carries. */
export type MeetingRef = AuditRef & { readonly offer?: number; readonly booking?: number; readonly [choice: `meeting.${string}`]: string | number };

/** `none`: nothing offered or booked; `offer`: times to pick; `no-slot`: why not, and ways out; `booked`; `cancelling`. */
export type MeetingCardState = 'none' | 'offer' | 'no-slot' | 'booked' | 'cancelling';

export interface MeetingCardData {
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
  return expand(template, {
    ...data,
    action: data.ref,
    chosen: data.chosen ?? data.slots[0]?.value ?? '',
    deadlineReason: data.deadlineReason ?? '',
    cancelReason: data.cancelReason ?? '',
    joinUrl: data.joinUrl ?? '',
    bookTitle: data.reschedule ? 'Move the meeting to this time' : 'Book this time',
    bookVerb: data.reschedule ? 'meeting.move' : 'meeting.book',
  });
}
