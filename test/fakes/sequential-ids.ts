import type { Ids } from '../../workflow/ports.js';

/** Ids that are predictable in tests: `id-1`, `id-2`, ... */
export class SequentialIds implements Ids {
  private count = 0;

  constructor(private readonly prefix = 'id') {}

  next(): string {
    this.count += 1;
    return `${this.prefix}-${this.count}`;
  }
}
