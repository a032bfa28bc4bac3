import { NotPermitted } from '../errors.js';
import type { PersonId } from '../people.js';

/**
 * A personal card (a manager's digest, someone's list of actions) opens only for the person it was made for, so a
 * forwarded or forged card shows nobody else's team or actions. `what`: what was refused, in the viewer's words.
 */
export function openPersonalCard() {
  return {
    execute(input: { madeFor: PersonId; viewerId: PersonId; what: string }): PersonId {
      if (input.madeFor !== input.viewerId) throw new NotPermitted(input.viewerId, input.what);
      return input.viewerId;
    },
  };
}
