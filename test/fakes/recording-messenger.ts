import type { Audit } from '../../workflow/audit.js';
import type { MessageKind, OutboxMessage } from '../../workflow/outbox.js';
import type { PersonId } from '../../workflow/people.js';
import type { Conversation, DeliveryResult, Messenger } from '../../workflow/ports.js';
import { copy, pause } from './support.js';

/** What the next delivery should do. `sent` is the default once the script runs out. */
export type ScriptedOutcome = 'sent' | 'blocked' | { readonly retry: number; readonly reason?: string };

export interface Delivery {
  readonly message: OutboxMessage;
  /** The audit as the messenger was given it (the card is rendered from this). */
  readonly audit: Audit;
  readonly conversation: Conversation;
  readonly earlier?: { activityId: string; conversationId: string };
  readonly result: DeliveryResult;
}

/**
 * The `Messenger` port as a recorder. Every call is kept in `deliveries`, with the result it got.
 * Results come from `script(...)` in order, or `blockedBy(person)` for everything to one person, else "sent".
 * An update of an earlier card keeps that card's activity id, as Teams' updateActivity does.
 */
export class RecordingMessenger implements Messenger {
  readonly deliveries: Delivery[] = [];
  private readonly scripted: ScriptedOutcome[] = [];
  private readonly blocking = new Set<PersonId>();
  private activityCount = 0;

  /** The next deliveries' outcomes, in order. */
  script(...outcomes: ScriptedOutcome[]): this {
    this.scripted.push(...outcomes);
    return this;
  }

  /** Every delivery to this person is refused as blocked (403 MessageWritesBlocked). */
  blockedBy(personId: PersonId): this {
    this.blocking.add(personId);
    return this;
  }

  async deliver(
    message: OutboxMessage,
    audit: Audit,
    conversation: Conversation,
    earlier?: { activityId: string; conversationId: string },
  ): Promise<DeliveryResult> {
    await pause();
    const result = this.outcomeFor(message, conversation, earlier);
    this.deliveries.push(copy({ message, audit, conversation, ...(earlier ? { earlier } : {}), result }));
    return result;
  }

  /** Deliveries that reached a chat. */
  get sent(): Delivery[] {
    return this.deliveries.filter((d) => d.result.outcome === 'sent');
  }

  /** "kind → person" for each delivery that reached a chat, in order: compact to assert on. */
  sentSummary(): string[] {
    return this.sent.map((d) => `${d.message.kind} → ${d.message.to}`);
  }

  /** Deliveries that reached a chat, of one kind, to one person. */
  sentTo(personId: PersonId, kind?: MessageKind): Delivery[] {
    return this.sent.filter((d) => d.message.to === personId && (kind === undefined || d.message.kind === kind));
  }

  private outcomeFor(
    message: OutboxMessage,
    conversation: Conversation,
    earlier?: { activityId: string; conversationId: string },
  ): DeliveryResult {
    if (this.blocking.has(message.to)) return { outcome: 'blocked' };
    const next = this.scripted.shift() ?? 'sent';
    if (next === 'blocked') return { outcome: 'blocked' };
    if (next !== 'sent') return { outcome: 'retry', afterMs: next.retry, reason: next.reason ?? 'throttled (429)' };
    if (earlier) return { outcome: 'sent', ...earlier };
    this.activityCount += 1;
    const conversationId = typeof conversation.reference.conversationId === 'string' ? conversation.reference.conversationId : `conv-${conversation.personId}`;
    return { outcome: 'sent', activityId: `activity-${this.activityCount}`, conversationId };
  }
}
