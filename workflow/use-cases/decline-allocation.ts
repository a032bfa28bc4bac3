import { decline } from '../audit.js';
import { InvalidInput } from '../errors.js';
import { enqueue } from '../outbox.js';
import type { PersonId } from '../people.js';
import type { Audits, Clock } from '../ports.js';
import type { AllocationOutcome } from './accept-allocation.js';

export interface DeclineAllocationInput {
  readonly tenantId: string;
  readonly auditId: string;
  readonly round: number;
  readonly actorId: PersonId;
  readonly reason: string;
}

export const DECLINE_REASON_MAX = 500;

/** A decline needs a reason, and goes back to the QA coordinator to choose another reviewer. */
export function declineAllocation(deps: { audits: Audits; clock: Clock }) {
  return {
    async execute(input: DeclineAllocationInput): Promise<AllocationOutcome> {
      const reason = input.reason.trim();
      let alreadyDone = false;
      const audit = await deps.audits.update(input.tenantId, input.auditId, (current) => {
        alreadyDone = current.status === 'declined' && current.reviewerId === input.actorId && current.round === input.round;
        if (alreadyDone) return current;
        const at = deps.clock.now().toISOString();
        const declined = decline(current, input.actorId, input.round, reason, at);
        if (reason.length < 3) throw new InvalidInput({ reason: 'Say why you are declining, so QA can reallocate the case.' });
        if (reason.length > DECLINE_REASON_MAX) {
          throw new InvalidInput({ reason: `Keep the reason under ${DECLINE_REASON_MAX} characters (it has ${reason.length}).` });
        }
        return enqueue(declined, { key: `declined:${current.id}:r${current.round}`, kind: 'declined', to: current.coordinatorId, round: current.round }, at);
      });
      return { audit, alreadyDone };
    },
  };
}
