import type { MeetingKind } from './meeting/meeting-record.js';
import type { PersonId } from './people.js';

/**
 * Messages an aggregate owes people. They live inside the aggregate's own document and are written
 * under the same ETag as the change that caused them, so a crash can never keep one without the other.
 * bot/ decides how each kind looks; the domain only says who gets what, and when.
 */
export const MESSAGE_KINDS = [
  /** The reviewer's allocation card. */
  'allocation',
  /** Refresh a card sent earlier (see `replaces`) so stale copies show the current state. */
  'allocation-update',
  /** To the QA coordinator: a reviewer declined, choose another. */
  'declined',
  /** To the QA coordinator: a card is waiting because its recipient has not installed the bot. */
  'delivery-held',
  /** To the QA coordinator: a recipient has blocked the bot, so a card could not be delivered. */
  'delivery-failed',
  /** To the assigned moderator: the moderation card (urgent when `audit.moderation.urgent`). */
  'moderation',
  /**
   * To the moderator: the moderation card again, as a reminder before its due date or because it is overdue.
   * Keys: `moderation-reminder:<audit>:<due>`, `moderation-overdue:<audit>:<due>:<moderator>`.
   */
  'moderation-reminder',
  /** To the QA coordinator: a moderation is past its due date. Key: `moderation-overdue:<audit>:<due>:<coordinator>`. */
  'moderation-overdue',
  /**
   * An audit not submitted by its due date: to the reviewer the day after, then to the QA coordinator some working
   * days later. Keys: `audit-overdue:<audit>:<due>:reviewer`, `audit-overdue:<audit>:<due>:qa`.
   */
  'audit-overdue',
  /**
   * Family feedback not obtained at submission (BC-10): to the reviewer on the working day their plan is due, the card
   * to record what the child and family said, or why it is still not possible and a new date.
   * Key: `family-feedback:<audit>:<plan date>`.
   */
  'family-feedback-request',
  /**
   * To the team manager (the service manager when the reviewer is the team manager): the plan's feedback is still not
   * recorded some working days after its date. Key: `family-feedback-overdue:<audit>:<plan date>`.
   */
  'family-feedback-overdue',
  /**
   * To each person in the profile's follow-up role (Sandwell's SW Academy, ST-28): a finalised audit of a grade they
   * follow up, with its actions and Open. Key: `follow-up:<audit>:<person>`.
   */
  'follow-up',
  /** To the QA coordinator: a follow-up is due but nobody holds the follow-up role. Key: `follow-up-recipient-missing:<audit>`. */
  'follow-up-recipient-missing',
  /** An immediate safeguarding concern, with Acknowledge. `about`: the concern. Key: `concern:<audit>:<concern>:<person>`. */
  'concern',
  /** To the QA coordinator: a concern not acknowledged in time. Key: `concern-unacknowledged:<audit>:<concern>`. */
  'concern-unacknowledged',
  /** To the practitioner: the self-assessment to answer before the meeting. Key: `self-assessment:<audit>:r<round>`. */
  'self-assessment',
  /** To the QA coordinator: a sampled audit has nobody in the moderator pool who may moderate it. */
  'moderator-needed',
  /**
   * The outcome of a finalised audit, to the practitioner, the team manager and the reviewer. The
   * practitioner's says that a changed grade will be discussed with them (see `changedAtModeration`).
   */
  'result',
  /** To the profile's dispute owner: decide a disputed grade. The key names the dispute: `dispute:<audit>:<id>`. */
  'dispute',
  /** A dispute's final decision, to everyone on the audit. Key: `dispute-decision:<audit>:<dispute id>:<person>`. */
  'dispute-decision',
  /**
   * To the practitioner and the team manager: the collaborative meeting is booked (a heads-up in chat; the
   * Outlook invitation comes from the reviewer's calendar). Key: `meeting-booked:<audit>:b<booking>:<person>`.
   */
  'meeting-booked',
  /**
   * Updates that card in place (`replaces`) when the meeting is moved or cancelled.
   * Key: `meeting-update:<audit>:b<booking>:<m<moves>|c>:<person>`.
   */
  'meeting-update',
  /**
   * To the reviewer: a required attendee declined the meeting; the card offers new times. Once per decline.
   * Key: `meeting-declined:<audit>:b<booking>:<attendee>:<decline count>`.
   */
  'meeting-declined',
  /** To the QA coordinator: the reviewer asks for a later deadline (no meeting time fits). Key: `deadline-request:<audit>:r<round>:o<offers>`. */
  'deadline-request',
  /**
   * To the reviewer: the Inadequate pathway started and the profile holds a Reflective Practice & Action Meeting
   * (WS-39); the meeting card, to find times and book it. Key: `reflective-meeting:<audit>`.
   */
  'reflective-meeting',
  /** To an action's owner, the working day before it is due. `about`: the action. Key: `action-reminder:<action>:<due>`. */
  'action-reminder',
  /**
   * To an action's owner: it is overdue (a ladder rung, the end of a snooze, or the manager's "Nudge owner"), with
   * Mark done, Ask for more time and Snooze. Keys: `nudge:<action>:<rung>:<day>`, `nudge:<action>:snooze<n>:<day>`,
   * `nudge:<action>:manual:<day>`.
   */
  'action-nudge',
  /** To a service manager or head of service: an action reached their rung. Key: `nudge:<action>:<rung>:<day>:<person>`. */
  'action-escalation',
  /** To the action's manager: the owner asks for more time. Key: `extension-request:<action>:<request id>`. */
  'extension-request',
  /** To the owner: the manager's answer. Key: `extension-decision:<action>:<request id>`. */
  'extension-decision',
  /** The written notice of an Inadequate grade, with Acknowledge. Key: `inadequate-notice:<audit>:l<level>:<person>`. */
  'inadequate-notice',
  /**
   * Updates a notice card (`replaces`: an inadequate-notice, assurance-request or reaudit-escalation) in place when
   * the grade it is about is moderated, regraded or Inadequate again. Key: `inadequate-update:<audit>:l<level>:u<n>:<person>:<kind>`.
   */
  'inadequate-update',
  /**
   * To the QA coordinator: a role the notice goes to has nobody (no head of service up the line, say). `about`:
   * the roles, comma-separated. Key: `notice-recipient-missing:<audit>:l<level>`.
   */
  'notice-recipient-missing',
  /** To the QA coordinator: someone has not acknowledged the notice in time. Key: `inadequate-unacknowledged:<audit>:l<level>`. */
  'inadequate-unacknowledged',
  /** To the service manager: record assurance about the child's safety (Sandwell). Key: `assurance-request:<audit>:l<level>`. */
  'assurance-request',
  /** To the QA coordinator: the service manager's assurance is past its deadline. Key: `assurance-overdue:<audit>:l<level>`. */
  'assurance-overdue',
  /** To the assistant or executive director: a re-audit is Inadequate again. Key: `reaudit-escalation:<audit>:<person>`. */
  'reaudit-escalation',
  /** A manager's daily digest of their team's actions (lives in a digest document, not an audit). */
  'digest',
  /** To the coordinator: how a long fan-out of allocation cards is going, updated in place (delivery/fan-out.ts). */
  'fanout-progress',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** `cancelled`: superseded before it was ever shown (e.g. an allocation card for a case since reallocated). */
export type MessageState = 'pending' | 'sending' | 'held' | 'sent' | 'dead' | 'cancelled';

export interface OutboxMessage {
  /** Deterministic, so enqueueing the same message twice is a no-op. */
  readonly key: string;
  readonly kind: MessageKind;
  readonly to: PersonId;
  readonly state: MessageState;
  readonly attempts: number;
  readonly createdAt: string;
  /** Key of an earlier message whose card this one updates in place. */
  readonly replaces?: string;
  /** What on the aggregate the message is about, when it is one part of it (an action's id). */
  readonly about?: string;
  /** The allocation round it belongs to (a decline card is about the round that was declined). */
  readonly round?: number;
  /** The key of the message a delivery report (held, failed) is about. */
  readonly reportsOn?: string;
  /** The dispute a dispute card is about. */
  readonly disputeId?: string;
  /** The request for more time an extension card is about. */
  readonly requestId?: string;
  /** The meeting booking a meeting message is about. */
  readonly booking?: number;
  /** The attendee whose decline a meeting-declined message reports. */
  readonly attendeeId?: PersonId;
  /** Which meeting a meeting message is about, when it is not the collaborative meeting (absent: the collaborative one). */
  readonly meeting?: MeetingKind;
  /** After this (ISO) the message is no use any more (a day's digest): it is dropped, not sent late. */
  readonly expiresAt?: string;
  readonly claimedAt?: string;
  /** The first claim whose outcome was never recorded (its sender died): the card may be in the chat already. */
  readonly inDoubtSince?: string;
  readonly notBefore?: string;
  readonly sentAt?: string;
  readonly activityId?: string;
  readonly conversationId?: string;
  readonly lastError?: string;
}

/** The typed fields that say what a message is about; keys stay opaque identifiers, never parsed. */
export type MessageRef = 'round' | 'reportsOn' | 'disputeId' | 'requestId' | 'booking' | 'attendeeId' | 'meeting';

export interface HasOutbox {
  readonly outbox: readonly OutboxMessage[];
  /**
   * When the earliest message of `outbox` is due to be sent (ISO), kept in step by every function here; absent
   * (the key itself, not `undefined`) when nothing is due, so a stored document without it matches no range query.
   */
  readonly nextDeliveryAt?: string;
}

function withMessages<T extends HasOutbox>(aggregate: T, outbox: readonly OutboxMessage[]): T {
  const { nextDeliveryAt: _previous, ...rest } = aggregate;
  const next = nextDeliveryAt(outbox);
  return { ...rest, outbox, ...(next === undefined ? {} : { nextDeliveryAt: next }) } as unknown as T;
}

export function enqueue<T extends HasOutbox>(
  aggregate: T,
  message: Pick<OutboxMessage, 'key' | 'kind' | 'to' | 'replaces' | 'about' | 'expiresAt' | MessageRef> & { readonly notBefore?: string },
  at: string,
): T {
  if (aggregate.outbox.some((m) => m.key === message.key)) return aggregate;
  return withMessages(aggregate, [...aggregate.outbox, { ...message, state: 'pending', attempts: 0, createdAt: at }]);
}

export function updateMessage<T extends HasOutbox>(
  aggregate: T,
  key: string,
  change: (m: OutboxMessage) => OutboxMessage,
): T {
  return withMessages(
    aggregate,
    aggregate.outbox.map((m) => (m.key === key ? change(m) : m)),
  );
}

/** Messages held for a person without a conversation go back to pending once they install the bot. */
export function releaseHeld<T extends HasOutbox>(aggregate: T, personId: PersonId): T {
  return withMessages(
    aggregate,
    aggregate.outbox.map((m) => (m.state === 'held' && m.to === personId ? { ...m, state: 'pending' as const } : m)),
  );
}

/** Cancels a message not yet shown to anyone; returns the aggregate unchanged when it was already sent. */
export function cancelUnsent<T extends HasOutbox>(aggregate: T, key: string): T {
  const message = aggregate.outbox.find((m) => m.key === key);
  if (!message || (message.state !== 'pending' && message.state !== 'held')) return aggregate;
  return updateMessage(aggregate, key, (m) => ({ ...m, state: 'cancelled' }));
}

export function findMessage(aggregate: HasOutbox, key: string): OutboxMessage | undefined {
  return aggregate.outbox.find((m) => m.key === key);
}

/** A send claimed this long ago whose outcome was never recorded is assumed lost and tried again. */
export const CLAIM_TIMEOUT_MS = 2 * 60_000;

/**
 * When a message becomes deliverable (epoch ms): a pending one at its `notBefore` (a retry's backoff) or else
 * when it was created; a claimed one when its claim expires. Undefined for a message that is never sent again.
 */
function dueAt(m: OutboxMessage): number | undefined {
  if (m.state === 'pending') return Date.parse(m.notBefore ?? m.createdAt);
  if (m.state === 'sending' && m.claimedAt) return Date.parse(m.claimedAt) + CLAIM_TIMEOUT_MS;
  return undefined;
}

/** The earliest time (ISO) any message of `outbox` is due, or undefined when none will ever be. */
export function nextDeliveryAt(outbox: readonly OutboxMessage[]): string | undefined {
  let earliest: number | undefined;
  for (const m of outbox) {
    const due = dueAt(m);
    if (due !== undefined && !Number.isNaN(due) && (earliest === undefined || due < earliest)) earliest = due;
  }
  return earliest === undefined ? undefined : new Date(earliest).toISOString();
}

/** Due at or before `now`: the same rule `nextDeliveryAt` indexes, so the sweep reads what it can send. */
export function isDeliverable(m: OutboxMessage, now: Date): boolean {
  const due = dueAt(m);
  return due !== undefined && due <= now.getTime();
}
