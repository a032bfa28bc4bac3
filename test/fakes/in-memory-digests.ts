import type { Digest } from '../../workflow/chasing/digest.js';
import type { Digests } from '../../workflow/ports.js';
import { InMemoryNotices } from './in-memory-notices.js';

/** The `Digests` port in memory. */
export class InMemoryDigests extends InMemoryNotices<Digest> implements Digests {
  constructor() {
    super('Digest');
  }
}
