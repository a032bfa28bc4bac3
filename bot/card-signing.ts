import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CardRef } from '../cards/allocation.js';
import { TamperedCard } from '../workflow/errors.js';

/**
 * Card data comes back from the client, so anyone can post an Action.Execute with made-up ids.
 * Role checks stop strangers; the signature also stops a user pointing their own card at another audit
 * or round, and lets us answer "this card could not be read" instead of guessing.
 */
export class CardSigner {
  constructor(private readonly key: string) {}

  private mac(family: string, auditId: string, round: number): string {
    return createHmac('sha256', this.key).update(`${family}|${auditId}|${round}`).digest('base64url').slice(0, 32);
  }

  ref(family: string, auditId: string, round: number): CardRef {
    return { auditId, round, sig: this.mac(family, auditId, round) };
  }

  verify(family: string, ref: Pick<CardRef, 'auditId' | 'round' | 'sig'>): void {
    const expected = Buffer.from(this.mac(family, ref.auditId, ref.round));
    const given = Buffer.from(ref.sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new TamperedCard();
  }
}
