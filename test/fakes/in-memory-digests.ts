import type { Digest } from '../../workflow/chasing/digest.js';
import type { Digests } from '../../workflow/ports.js';
import { InMemoryLiveCards } from './in-memory-live-cards.js';

/** The `Digests` port in memory. */
export class InMemoryDigests extends InMemoryLiveCards<Digest> implements Digests {
  constructor() {
    super('Digest');
  }
}
