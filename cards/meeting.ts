import template from './meeting.json' with { type: 'json' };
import type { CardRef } from './allocation.js';
import type { Choice } from './review.js';
import { expand, type AdaptiveCard } from './template.js';

export const MEETING_VERBS = ['meeting.refresh', 'meeting.find', 'meeting.later', 'meeting.book', 'meeting.move', 'meeting.startCancel', 'meeting.cancel', 'meeting.requestDeadline'] as const;
export type MeetingVerb = (typeof MEETING_VERBS)[number];

/** `none`: nothing offered or booked; `offer`: times to pick; `no-slot`: why not, and ways out; `booked`; `cancelling`. */
export type MeetingCardState = 'none' | 'offer' | 'no-slot' | 'booked' | 'cancelling';

export interface MeetingCardData {
  readonly caseRef: string;
  readonly subtitle: string;
  readonly notice?: string;
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
  readonly shorterOptions: readonly { minutes: number; data: CardRef }[];
  readonly withoutOptions: readonly { name: string; data: CardRef }[];
  readonly deadlineReason?: string;
  readonly bookedTime?: string;
  readonly joinUrl?: string;
  readonly responses: readonly string[];
  readonly cancelReason?: string;
  readonly outcome?: string;
  readonly ref: CardRef;
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
