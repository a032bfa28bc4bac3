import type { Container } from '@azure/cosmos';
import type { FanOut } from '../workflow/delivery/fan-out.js';
import type { FanOuts } from '../workflow/ports.js';
import { CosmosLiveCards } from './cosmos-live-cards.js';

/** Fan-out progress documents in the `notices` container (`type: 'fanout'`). */
export class CosmosFanOuts extends CosmosLiveCards<FanOut> implements FanOuts {
  constructor(container: Container) {
    super(container, 'fanout', 'Fan-out');
  }

  /** Fan-outs still following their cards. */
  active(tenantId: string): Promise<FanOut[]> {
    return this.query(tenantId, 'SELECT * FROM c WHERE c.tenantId = @tenantId AND c.type = @type AND c.following = true', []);
  }
}
