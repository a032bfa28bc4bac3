import type { Person, PersonId } from '../../workflow/people.js';
import type { Directory } from '../../workflow/ports.js';
import { copy, pause } from './support.js';

/** The `Directory` port over a fixed list of people. With no tenant given, it answers for every tenant. */
export class FixedDirectory implements Directory {
  private readonly people: readonly Person[];

  constructor(
    people: readonly Person[],
    private readonly tenantId?: string,
  ) {
    const ids = new Set<string>();
    for (const p of people) {
      if (ids.has(p.id)) throw new Error(`FixedDirectory: duplicate person id ${p.id}`);
      ids.add(p.id);
    }
    this.people = copy(people);
  }

  async all(tenantId: string): Promise<readonly Person[]> {
    await pause();
    return this.serves(tenantId) ? copy(this.people) : [];
  }

  async get(tenantId: string, id: PersonId): Promise<Person | undefined> {
    await pause();
    const found = this.serves(tenantId) ? this.people.find((p) => p.id === id) : undefined;
    return found ? copy(found) : undefined;
  }

  private serves(tenantId: string): boolean {
    return this.tenantId === undefined || this.tenantId === tenantId;
  }
}
