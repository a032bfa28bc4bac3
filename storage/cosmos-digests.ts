import type { Container } from '@azure/cosmos';
import type { Digest } from '../workflow/chasing/digest.js';
import type { Digests } from '../workflow/ports.js';
import { CosmosLiveCards } from './cosmos-live-cards.js';

/** Managers' daily digests, one small document each in the `notices` container (`type: 'digest'`). */
export class CosmosDigests extends CosmosLiveCards<Digest> implements Digests {
  constructor(container: Container) {
    super(container, 'digest', 'Digest');
  }
}
