import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { ROLES, type Person } from '../workflow/people.js';
import type { Directory } from '../workflow/ports.js';

/**
 * The people directory in local mode: a roster file of people, roles and line managers. A Graph-backed
 * directory implements the same `Directory` port for real tenants.
 */
const RosterSchema = z.object({
  people: z
    .array(
      z
        .object({
          id: z.string().min(1),
          name: z.string().min(1),
          email: z.string().email(),
          roles: z.array(z.enum(ROLES)).min(1),
          lineManager: z.string().optional(),
          team: z.string().optional(),
          /** For a moderator: the ids of the service managers they are the link reviewer for. */
          moderatesFor: z.array(z.string().min(1)).optional(),
          timeZone: z.string().default('Europe/London'),
        })
        .strict(),
    )
    .min(1),
});

export class InvalidRoster extends Error {}

export function parseRoster(text: string, source: string): Person[] {
  const parsed = RosterSchema.safeParse(parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidRoster(`Roster ${source} is invalid at ${issue.path.join('.')}: ${issue.message}`);
  }
  const ids = new Set(parsed.data.people.map((p) => p.id));
  for (const p of parsed.data.people) {
    if (p.lineManager && !ids.has(p.lineManager)) throw new InvalidRoster(`Roster ${source}: ${p.name}'s line manager "${p.lineManager}" is not in the roster.`);
    for (const sm of p.moderatesFor ?? []) {
      if (!ids.has(sm)) throw new InvalidRoster(`Roster ${source}: ${p.name} moderates for "${sm}", who is not in the roster.`);
    }
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: p.timeZone });
    } catch {
      throw new InvalidRoster(`Roster ${source}: ${p.name}'s time zone "${p.timeZone}" is not an IANA zone.`);
    }
  }
  return parsed.data.people.map(({ lineManager, moderatesFor, ...p }) =>
    Object.freeze({
      ...p,
      ...(lineManager ? { lineManagerId: lineManager } : {}),
      ...(moderatesFor && moderatesFor.length > 0 ? { moderatesFor: Object.freeze([...moderatesFor]) } : {}),
    }),
  );
}

/** One tenant's roster, read once. */
export class RosterDirectory implements Directory {
  private readonly byId: ReadonlyMap<string, Person>;

  constructor(
    private readonly tenantId: string,
    private readonly people: readonly Person[],
  ) {
    this.byId = new Map(people.map((p) => [p.id, p]));
  }

  static fromFile(tenantId: string, path: string): RosterDirectory {
    return new RosterDirectory(tenantId, parseRoster(readFileSync(path, 'utf8'), path));
  }

  async all(tenantId: string): Promise<readonly Person[]> {
    return tenantId === this.tenantId ? this.people : [];
  }

  async get(tenantId: string, id: string): Promise<Person | undefined> {
    return tenantId === this.tenantId ? this.byId.get(id) : undefined;
  }
}
