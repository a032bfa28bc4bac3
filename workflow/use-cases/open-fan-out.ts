import type { FanOut } from '../delivery/fan-out.js';
import { NotFound, NotPermitted } from '../errors.js';
import type { PersonId } from '../people.js';
import type { FanOuts } from '../ports.js';

/** A long fan-out's progress, for the coordinator who loaded the case list. */
export function openFanOut(deps: { fanOuts: FanOuts }) {
  return {
    async execute(input: { tenantId: string; fanOutId: string; viewerId: PersonId }): Promise<FanOut> {
      const fanOut = await deps.fanOuts.get(input.tenantId, input.fanOutId);
      if (!fanOut) throw new NotFound('The progress on this card');
      if (fanOut.coordinatorId !== input.viewerId) throw new NotPermitted(input.viewerId, 'see the delivery of a case list someone else loaded');
      return fanOut;
    },
  };
}
