/**
 * Ports, named in the domain's words. Adapters live in storage/, graph/ and bot/; no SDK type crosses here.
 */
import type { Audit } from './audit.js';
import type { SubmissionDraw } from './moderation/sampling.js';
import type { HasOutbox, OutboxMessage } from './outbox.js';
import type { Digest } from './chasing/digest.js';
import type { CardState, FanOut } from './delivery/fan-out.js';
import type { Person, PersonId } from './people.js';

/** The calendar port lives with the slot finder it feeds (scheduling/calendar.ts). */
export type { Calendar } from './scheduling/calendar.js';

export interface Clock {
  now(): Date;
}

export interface Ids {
  /** A fresh random id (correlation ids, idempotency keys that must not repeat). */
  next(): string;
}

/** The audits of one tenant. Every update is read-modify-write under the document's ETag. */
export interface Audits {
  get(tenantId: string, id: string): Promise<Audit | undefined>;
  /** Creates the audit; returns false (and writes nothing) when one with that id exists. */
  create(audit: Audit): Promise<boolean>;
  /**
   * Applies `change` to the current audit and writes it if the ETag still matches; on a conflict it
   * re-reads and applies `change` again, so `change` must be a pure function of the audit it is given.
   * Errors thrown by `change` propagate and nothing is written.
   */
  update(tenantId: string, id: string, change: (current: Audit) => Audit): Promise<Audit>;
  /** Audits where the person holds any role, or was sent its follow-up (`followUp.to`), newest cycle first. */
  forPerson(tenantId: string, personId: PersonId): Promise<Audit[]>;
  forCycle(tenantId: string, cycle: string): Promise<Audit[]>;
  /** Every audit of a case (one per cycle it was audited in: re-audits too), newest cycle first. */
  byCaseRef(tenantId: string, caseRef: string): Promise<Audit[]>;
  /**
   * At most `limit` audits with a message due at or before `now` (`nextDeliveryAt <= now`), earliest first, so
   * audits whose messages wait out a retry's backoff never take the places of those that can be sent.
   */
  withDeliveryDue(tenantId: string, now: Date, limit: number): Promise<Audit[]>;
  /** Audits holding messages for a person who has no conversation with the bot yet. */
  withHeldMessagesFor(tenantId: string, personId: PersonId): Promise<Audit[]>;
  /**
   * At most `limit` audits the chase sweep has something to do for (`nextChaseAt <= now`), earliest first: the
   * sweep reads only these, never every audit or every action.
   */
  withChaseDue(tenantId: string, now: Date, limit: number): Promise<Audit[]>;
  /**
   * Audits with actions still open or waiting for sign-off that the chase has never scheduled (no `nextChaseAt`):
   * recorded before chasing existed. Read once when a chase sweep starts.
   */
  withUnscheduledChase(tenantId: string): Promise<Audit[]>;
  /** The state of every allocation card of a cycle's audits, read without the audits themselves (for fan-out progress). */
  allocationCards(tenantId: string, cycle: string): Promise<CardState[]>;
  /**
   * Audits with a booked meeting (`meeting.status = 'booked'`, or the reflective meeting's
   * `meetings.reflective.status`) that ends after `endingAfter`, earliest start first: the meetings whose
   * attendees' responses are still worth reading, and whose times are busy for the people invited.
   */
  withBookedMeetings(tenantId: string, endingAfter: Date): Promise<Audit[]>;
}

/** Managers' daily digests (chasing/digest.ts), one document per manager and day. */
export interface Digests {
  /** Creates the digest; false (and nothing written) when that manager's digest for that day exists. */
  create(digest: Digest): Promise<boolean>;
  update(tenantId: string, id: string, change: (current: Digest) => Digest): Promise<Digest>;
  withDeliveryDue(tenantId: string, now: Date, limit: number): Promise<Digest[]>;
  withHeldMessagesFor(tenantId: string, personId: PersonId): Promise<Digest[]>;
}

/** Progress of long fan-outs of allocation cards (delivery/fan-out.ts). */
export interface FanOuts {
  create(fanOut: FanOut): Promise<boolean>;
  get(tenantId: string, id: string): Promise<FanOut | undefined>;
  update(tenantId: string, id: string, change: (current: FanOut) => FanOut): Promise<FanOut>;
  /** Fan-outs still following cards (not completed). */
  active(tenantId: string): Promise<FanOut[]>;
  withDeliveryDue(tenantId: string, now: Date, limit: number): Promise<FanOut[]>;
  withHeldMessagesFor(tenantId: string, personId: PersonId): Promise<FanOut[]>;
}

/** What holds an outbox: an audit, a digest, or a fan-out's progress. */
export type OutboxHolder = Audit | Digest | FanOut;

/** Every store that holds outboxes, as the sender drains them (and installation releases held cards from). */
export function outboxStoresOf(deps: { audits: Audits; digests?: Digests; fanOuts?: FanOuts }): OutboxStore<OutboxHolder>[] {
  return [deps.audits, deps.digests, deps.fanOuts].filter((x) => x !== undefined) as unknown as OutboxStore<OutboxHolder>[];
}

/** The part of a repository the delivery sweep drains. */
export interface OutboxStore<T extends HasOutbox & { readonly id: string; readonly tenantId: string }> {
  update(tenantId: string, id: string, change: (current: T) => T): Promise<T>;
  withDeliveryDue(tenantId: string, now: Date, limit: number): Promise<T[]>;
  withHeldMessagesFor(tenantId: string, personId: PersonId): Promise<T[]>;
}

/** Where a person's 1:1 chat with the bot is. `reference` is opaque to the domain. */
export interface Conversation {
  readonly personId: PersonId;
  readonly tenantId: string;
  /** The user's id in the channel (Teams MRI), used for user-specific card views. */
  readonly channelUserId: string;
  readonly reference: Readonly<Record<string, unknown>>;
  readonly installedAt: string;
}

export interface Conversations {
  get(tenantId: string, personId: PersonId): Promise<Conversation | undefined>;
  /** Stores the conversation; returns true when it is new (the first installation). */
  save(conversation: Conversation): Promise<boolean>;
}

export interface Directory {
  all(tenantId: string): Promise<readonly Person[]>;
  get(tenantId: string, id: PersonId): Promise<Person | undefined>;
}

/** The outcome of handing one message to the chat channel. */
export type DeliveryResult =
  | { readonly outcome: 'sent'; readonly activityId: string; readonly conversationId: string }
  /** The person has blocked or uninstalled the bot: do not retry. */
  | { readonly outcome: 'blocked' }
  /** The channel refused this message as such (a 4xx other than 408/412/429): retrying would not help. */
  | { readonly outcome: 'failed'; readonly reason: string }
  /**
   * Not sent: try again after `afterMs`. `paced`: held back by our own pacing before anything was sent, so it is not
   * a failed attempt (and never given up on).
   */
  | { readonly outcome: 'retry'; readonly afterMs: number; readonly reason: string; readonly paced?: true };

/**
 * Asks the chat channel whether a card is already in the person's chat (by its delivery stamp, see
 * delivery/delivery-stamp.ts), for a message whose send was in doubt: claimed, but with no outcome recorded,
 * because the sender died. `unknown` when the channel cannot say: the card is then sent again (at least once).
 */
export interface DeliveryCheck {
  findDelivered(message: OutboxMessage, tenantId: string, conversation: Conversation, since: Date): Promise<{ readonly activityId: string; readonly conversationId: string } | 'absent' | 'unknown'>;
}

/** Sends (or updates in place) the card a message stands for, rendered from the audit's current state. */
export interface Messenger {
  deliver(
    message: OutboxMessage,
    holder: OutboxHolder,
    conversation: Conversation,
    earlier?: { activityId: string; conversationId: string },
  ): Promise<DeliveryResult>;
}

/** Installs the bot for a person who has no conversation yet (Graph teamwork/installedApps, a later issue). */
export interface AppInstaller {
  install(tenantId: string, personId: PersonId): Promise<'installed' | 'not-configured'>;
}

/**
 * Per tenant and cycle: the order audits are submitted in, and the cycle's sampling seed (made once, with
 * `Ids`, by the first submission). Updated under the document's ETag, so concurrent submissions get distinct
 * ordinals. Asking again for the same audit returns the ordinal it was given, so a retried or double-clicked
 * submission never takes a second place in the draw.
 */
export interface Cycles {
  nextSubmission(tenantId: string, cycle: string, auditId: string): Promise<SubmissionDraw>;
}

/**
 * A named, time-limited right to run a job for one tenant, so that of many bot instances only one works at a
 * time. Stored as a document with an ETag and an expiry: a crashed holder's lease is taken over once it expires.
 */
export interface Lease {
  readonly name: string;
  /** Who holds it: one id per running instance. */
  readonly holder: string;
  /** ISO instant after which anyone may take it. */
  readonly expiresAt: string;
}

export interface Leases {
  /**
   * Takes the lease (or renews it, when `holder` already has it) until `now + ttlMs`, if it is free, expired or
   * already ours; undefined when another holder's lease is still valid or another instance won the race.
   */
  acquire(tenantId: string, name: string, holder: string, ttlMs: number, now: Date): Promise<Lease | undefined>;
  /** Gives the lease up early, if `holder` still has it; otherwise does nothing. */
  release(tenantId: string, name: string, holder: string): Promise<void>;
}
