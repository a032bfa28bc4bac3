import { reallocate, type Audit } from '../audit.js';
import { InvalidInput, NotPermitted } from '../errors.js';
import { cancelUnsent, enqueue, findMessage } from '../outbox.js';
import { hasRole, type PersonId } from '../people.js';
import type { PolicyProfile } from '../policy/profile.js';
import type { Audits, Clock, Directory } from '../ports.js';
import { whyNotReviewer } from '../reviewer-choice.js';

export interface ReallocateInput {
  readonly tenantId: string;
  readonly auditId: string;
  /** The round that was declined, as shown on the coordinator's card. */
  readonly round: number;
  readonly actorId: PersonId;
  readonly newReviewerId: string;
}

export interface ReallocateOutcome {
  readonly audit: Audit;
  readonly alreadyDone: boolean;
}

/**
 * A QA coordinator gives a declined audit to another reviewer. The new reviewer's card and the update that
 * marks the old card "Reallocated" are enqueued with the change itself.
 */
export function reallocateAudit(deps: { audits: Audits; directory: Directory; clock: Clock; profile: PolicyProfile }) {
  return {
    async execute(input: ReallocateInput): Promise<ReallocateOutcome> {
      const actor = await deps.directory.get(input.tenantId, input.actorId);
      if (!actor || !hasRole(actor, 'qaCoordinator')) throw new NotPermitted(input.actorId, 'reallocate audits: only QA coordinators can');
      const people = await deps.directory.all(input.tenantId);
      const chosen = people.find((p) => p.id === input.newReviewerId);
      let alreadyDone = false;
      const audit = await deps.audits.update(input.tenantId, input.auditId, (current) => {
        // The same choice submitted twice: the first one stands and nothing more is sent.
        alreadyDone = current.round === input.round + 1 && current.reviewerId === input.newReviewerId;
        if (alreadyDone) return current;
        const at = deps.clock.now().toISOString();
        if (!chosen) {
          reallocate(current, input.actorId, input.round, current.reviewerId, at); // refuses a stale card first
          throw new InvalidInput({ newReviewerId: 'Choose a reviewer from the list.' });
        }
        const why = whyNotReviewer(chosen, current, deps.profile, people);
        const moved = reallocate(current, input.actorId, input.round, chosen.id, at);
        if (why) throw new InvalidInput({ newReviewerId: why });
        const oldKey = `allocation:${current.id}:r${current.round}`;
        const withCard = enqueue(moved, { key: `allocation:${current.id}:r${moved.round}`, kind: 'allocation', to: chosen.id }, at);
        const oldCard = findMessage(current, oldKey);
        // A card never shown is simply withdrawn; one already in a chat is updated to say "Reallocated".
        if (oldCard && (oldCard.state === 'pending' || oldCard.state === 'held')) return cancelUnsent(withCard, oldKey);
        return enqueue(
          withCard,
          { key: `allocation-update:${current.id}:r${current.round}`, kind: 'allocation-update', to: current.reviewerId, replaces: oldKey },
          at,
        );
      });
      return { audit, alreadyDone };
    },
  };
}
