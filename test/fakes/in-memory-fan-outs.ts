import type { FanOut } from '../../workflow/delivery/fan-out.js';
import type { FanOuts } from '../../workflow/ports.js';
import { InMemoryLiveCards } from './in-memory-live-cards.js';
import { pause } from './support.js';

/** The `FanOuts` port in memory. */
export class InMemoryFanOuts extends InMemoryLiveCards<FanOut> implements FanOuts {
  constructor() {
    super('Fan-out');
  }

  async active(tenantId: string): Promise<FanOut[]> {
    await pause();
    return this.all(tenantId).filter((f) => f.following);
  }
}
