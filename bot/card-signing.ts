import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AuditRef, CardActionSpec, CardFamily, FanOutRef, ManagerRef, ViewerRef } from '../cards/card-ref.js';
import { TamperedCard } from '../workflow/errors.js';

/**
 * Card data comes back from the client, so anyone can post an Action.Execute with made-up ids.
 * Role checks stop strangers; the signature also stops a user pointing their own card at another audit
 * or round, and lets us answer "this card could not be read" instead of guessing.
 */
export class CardSigner {
  constructor(private readonly key: string) {}

  /** `qualifier`: the value of the spec's qualifying field, when the card carries one (see `SignedQualifier`). */
  private mac(family: CardFamily, id: string, round: number, qualifier?: string): string {
    const signed = `${family}|${id}|${round}${qualifier === undefined ? '' : `|${qualifier}`}`;
    return createHmac('sha256', this.key).update(signed).digest('base64url').slice(0, 32);
  }

  /**
   * The audit (and allocation round) a card is rendered for; with `qualifier`, the part of it the card acts on
   * (which meeting), to be carried in the card's qualifying field.
   */
  audit(family: CardFamily, auditId: string, round: number, qualifier?: string): AuditRef {
    return { auditId, round, sig: this.mac(family, auditId, round, qualifier) };
  }

  /** The manager a digest is made for. */
  manager(managerId: string): ManagerRef {
    return { managerId, round: 1, sig: this.mac('digest-refresh', managerId, 1) };
  }

  /** The fan-out a progress card reports on. */
  fanOut(fanOutId: string): FanOutRef {
    return { fanOutId, round: 1, sig: this.mac('fanout', fanOutId, 1) };
  }

  /** The person a personal list is shown to. */
  viewer(viewerId: string): ViewerRef {
    return { viewerId, round: 1, sig: this.mac('my-actions', viewerId, 1) };
  }

  /** Checks the signature a verb's data carries, as its card module declared it; unsigned verbs pass. */
  verify(spec: CardActionSpec, data: Readonly<Record<string, unknown>>): void {
    if (!spec.signed) return;
    const id = data[spec.signed.id];
    if (typeof id !== 'string' || typeof data.round !== 'number' || typeof data.sig !== 'string') throw new TamperedCard();
    const qualifier = spec.signed.qualifier === undefined ? undefined : data[spec.signed.qualifier];
    if (qualifier !== undefined && typeof qualifier !== 'string') throw new TamperedCard();
    const expected = Buffer.from(this.mac(spec.signed.family, id, data.round, qualifier));
    const given = Buffer.from(data.sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new TamperedCard();
  }
}
