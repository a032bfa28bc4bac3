/**
 * The `Directory` port on Microsoft Graph (application permission: User.Read.All; MailboxSettings.Read for the
 * time zones), through the same client and retry/throttling code as the calendar (graph-client.ts,
 * graph-requests.ts). The same code talks to real Graph and to the local calendar server.
 *
 * - **People:** `GET /users?$select=id,displayName,mail,userPrincipalName,department&$expand=manager($select=id)`,
 *   following `@odata.nextLink` (relative to the version, so the request, and its token, always go to the
 *   configured Graph host). `department` is the person's team; the expanded manager's id is the line manager.
 *   A user with neither mail nor UPN is left out (a Person needs an address).
 * - **Time zones:** each person's `mailboxSettings.timeZone` (Windows or IANA name, made IANA), read in `$batch`es
 *   of 20 under the per-mailbox limits; a mailbox that cannot be read (no Exchange licence, 403/404) or states an
 *   unknown zone gets the default (Europe/London). `timeZones: 'default'` skips these reads altogether.
 * - **Roles:** Graph knows nothing of QA roles, so they come from a role map keyed by Entra object id or email
 *   (emails case-insensitive; both keys for one person are merged). People in no entry get no roles. Today the map
 *   comes from the roster file (`rolesFromRoster`); it could later be built from security-group membership
 *   (`GET /groups/{id}/members`, one group per role) without changing this adapter. The same goes for
 *   `moderatesFor`, which has no Graph source either.
 * - **Caching:** one snapshot per instance, kept `ttlMs` (10 minutes by default), so card handlers do not call
 *   Graph per click; concurrent callers share one load. A failed load is not cached: the error reaches the caller
 *   and the next call tries again (an expired snapshot is not served in its place).
 * - **Tenant:** only the configured tenant; any other tenant has nobody.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { MailboxSettings, User } from '@microsoft/microsoft-graph-types';
import { ROLES, type Person, type PersonId, type Role } from '../workflow/people.js';
import type { Directory } from '../workflow/ports.js';
import { normaliseTimeZone } from '../workflow/scheduling/working-hours.js';
import { GraphRequester, type GraphStep, type RequestStats, type RetryPolicy, type StepResult } from './graph-requests.js';
import { type Clock, type MailboxLimits, MailboxThrottle, realClock } from './throttle.js';

export const DEFAULT_DIRECTORY_TTL_MS = 10 * 60_000;
export const DEFAULT_DIRECTORY_TIME_ZONE = 'Europe/London';

/** Roles by Entra object id or email address. */
export type RoleMap = Readonly<Record<string, readonly Role[]>>;

export interface GraphDirectoryOptions extends MailboxLimits {
  /** The one tenant this directory answers for. */
  readonly tenantId: string;
  /** QA roles by person id or email; people in no entry get none. Default: nobody has a role. */
  readonly roles?: RoleMap;
  /** For moderators: the service managers they link-review for, by person id or email (ids as values). */
  readonly moderatesFor?: Readonly<Record<string, readonly PersonId[]>>;
  /** How long a snapshot of the directory is used. Default 10 minutes. */
  readonly ttlMs?: number;
  /** `$top` for GET /users. Default 999 (Graph's most). */
  readonly pageSize?: number;
  /** Where time zones come from. Default 'mailboxSettings'. */
  readonly timeZones?: 'mailboxSettings' | 'default';
  /** IANA zone for people whose mailbox gives none. Default Europe/London. */
  readonly defaultTimeZone?: string;
  readonly retry?: Partial<RetryPolicy>;
  /** Tests only: time and jitter. */
  readonly clock?: Clock;
  readonly random?: () => number;
}

/** Graph refused to list the directory, or kept throttling it past the retry policy. */
export class GraphDirectoryError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly code: string,
    readonly attempts: number,
    message: string,
  ) {
    super(`Graph ${operation} failed (HTTP ${status || 'no answer'} ${code}) after ${attempts} attempt(s): ${message}`);
  }
}

/** The role map a roster gives: every person's roles under their id. */
export function rolesFromRoster(people: readonly Pick<Person, 'id' | 'roles'>[]): RoleMap {
  return Object.freeze(Object.fromEntries(people.map((p) => [p.id, Object.freeze([...p.roles])])));
}

/** Link reviewers from a roster: each moderator's `moderatesFor` under their id. */
export function moderatesForFromRoster(people: readonly Pick<Person, 'id' | 'moderatesFor'>[]): Readonly<Record<string, readonly PersonId[]>> {
  return Object.freeze(Object.fromEntries(people.filter((p) => p.moderatesFor && p.moderatesFor.length > 0).map((p) => [p.id, Object.freeze([...p.moderatesFor!])])));
}

/** A Graph nextLink's path and query, relative to the version ("/users?$skiptoken=…"): it goes to the configured host only. */
function relativeToVersion(nextLink: string): string {
  const url = new URL(nextLink);
  const match = /^\/(?:v1\.0|beta)(\/.*)$/.exec(url.pathname);
  if (!match) throw new RangeError(`Graph gave a nextLink outside the API version: ${nextLink}`);
  return `${match[1]}${url.search}`;
}

function errorOf(result: StepResult): { code: string; message: string } {
  const e = (result.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return { code: typeof e?.code === 'string' ? e.code : 'Unknown', message: typeof e?.message === 'string' ? e.message : `HTTP ${result.status}` };
}

interface Snapshot {
  readonly people: readonly Person[];
  readonly byId: ReadonlyMap<PersonId, Person>;
  readonly expiresAt: number;
}

type GraphUser = Pick<User, 'id' | 'displayName' | 'mail' | 'userPrincipalName' | 'department'> & { manager?: { id?: string | null } | null };

/** The requester's key for directory-wide reads (they are not one mailbox's). */
const DIRECTORY_KEY = '$directory';
const ROLE_SET: ReadonlySet<string> = new Set(ROLES);

export class GraphDirectory implements Directory {
  private readonly requester: GraphRequester;
  private readonly clock: Clock;
  private readonly tenantId: string;
  private readonly ttlMs: number;
  private readonly pageSize: number;
  private readonly readTimeZones: boolean;
  private readonly defaultTimeZone: string;
  private readonly roles: ReadonlyMap<string, readonly Role[]>;
  private readonly moderatesFor: ReadonlyMap<string, readonly PersonId[]>;
  private snapshot: Snapshot | undefined;
  private loading: Promise<Snapshot> | undefined;

  constructor(client: Client, options: GraphDirectoryOptions) {
    this.clock = options.clock ?? realClock;
    const throttle = new MailboxThrottle({ ...(options.concurrency ? { concurrency: options.concurrency } : {}), ...(options.budget ? { budget: options.budget } : {}) }, this.clock);
    this.requester = new GraphRequester(client, throttle, options.retry, this.clock, options.random);
    this.tenantId = options.tenantId;
    this.ttlMs = options.ttlMs ?? DEFAULT_DIRECTORY_TTL_MS;
    this.pageSize = options.pageSize ?? 999;
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1 || this.pageSize > 999) throw new RangeError(`pageSize is 1 to 999 (got ${this.pageSize}).`);
    if (!(this.ttlMs >= 0)) throw new RangeError(`ttlMs is 0 or more (got ${this.ttlMs}).`);
    this.readTimeZones = (options.timeZones ?? 'mailboxSettings') === 'mailboxSettings';
    const zone = normaliseTimeZone(options.defaultTimeZone ?? DEFAULT_DIRECTORY_TIME_ZONE);
    if (!zone) throw new RangeError(`The default time zone "${options.defaultTimeZone}" is not known.`);
    this.defaultTimeZone = zone;
    this.roles = keyed(options.roles ?? {}, (roles) => {
      const bad = roles.find((r) => !ROLE_SET.has(r));
      if (bad) throw new RangeError(`Unknown role "${bad}" in the directory's role map.`);
    });
    this.moderatesFor = keyed(options.moderatesFor ?? {});
  }

  /** Requests this instance sent to Graph, retries and throttling included. */
  stats(): RequestStats {
    return { ...this.requester.stats };
  }

  /** Drops the snapshot: the next call reads Graph again. */
  invalidate(): void {
    this.snapshot = undefined;
  }

  async all(tenantId: string): Promise<readonly Person[]> {
    if (tenantId !== this.tenantId) return [];
    return (await this.current()).people;
  }

  async get(tenantId: string, id: PersonId): Promise<Person | undefined> {
    if (tenantId !== this.tenantId) return undefined;
    return (await this.current()).byId.get(id);
  }

  private async current(): Promise<Snapshot> {
    if (this.snapshot && this.clock.now() < this.snapshot.expiresAt) return this.snapshot;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<Snapshot> {
    const users = await this.listUsers();
    const zones = this.readTimeZones ? await this.timeZones(users.map((u) => u.id)) : new Map<string, string>();
    const people = users.map((u) => this.person(u, zones.get(u.id)));
    const snapshot: Snapshot = { people: Object.freeze(people), byId: new Map(people.map((p) => [p.id, p])), expiresAt: this.clock.now() + this.ttlMs };
    this.snapshot = snapshot;
    return snapshot;
  }

  private async listUsers(): Promise<(GraphUser & { id: string; address: string })[]> {
    const out: (GraphUser & { id: string; address: string })[] = [];
    let url: string | undefined = `/users?$select=id,displayName,mail,userPrincipalName,department&$expand=manager($select=id)&$top=${this.pageSize}`;
    for (let page = 1; url !== undefined; page += 1) {
      if (page > 10_000) throw new RangeError('GET /users kept giving nextLinks.');
      const result = await this.requester.one({ id: 'users', mailbox: DIRECTORY_KEY, method: 'GET', url });
      if (result.status !== 200) {
        const { code, message } = errorOf(result);
        throw new GraphDirectoryError('list users', result.status, code, result.attempts, message);
      }
      const body = result.body as { value?: GraphUser[]; '@odata.nextLink'?: string };
      for (const u of body.value ?? []) {
        const address = u.mail ?? u.userPrincipalName;
        if (u.id && address) out.push({ ...u, id: u.id, address });
      }
      url = body['@odata.nextLink'] ? relativeToVersion(body['@odata.nextLink']) : undefined;
    }
    return out;
  }

  private async timeZones(ids: readonly string[]): Promise<Map<string, string>> {
    const steps: GraphStep[] = ids.map((id, i) => ({
      id: String(i + 1),
      mailbox: id,
      method: 'GET',
      url: `/users/${encodeURIComponent(id)}/mailboxSettings?$select=timeZone`,
    }));
    const zones = new Map<string, string>();
    if (steps.length === 0) return zones;
    const results = await this.requester.run(steps);
    ids.forEach((id, i) => {
      const result = results.get(String(i + 1))!;
      // A mailbox that cannot be read (no mailbox, no licence, still throttled) keeps the default zone.
      if (result.status !== 200) return;
      const zone = normaliseTimeZone((result.body as MailboxSettings | undefined)?.timeZone ?? undefined);
      if (zone) zones.set(id, zone);
    });
    return zones;
  }

  private person(u: GraphUser & { id: string; address: string }, timeZone: string | undefined): Person {
    const roles = union(this.roles.get(u.id), this.roles.get(u.address.toLowerCase()), u.mail && u.userPrincipalName ? this.roles.get(u.userPrincipalName.toLowerCase()) : undefined);
    const moderatesFor = union(this.moderatesFor.get(u.id), this.moderatesFor.get(u.address.toLowerCase()));
    const managerId = u.manager?.id ?? undefined;
    const team = u.department?.trim();
    return Object.freeze({
      id: u.id,
      name: u.displayName?.trim() || u.address,
      email: u.address,
      roles: Object.freeze(roles),
      ...(managerId ? { lineManagerId: managerId } : {}),
      ...(team ? { team } : {}),
      ...(moderatesFor.length > 0 ? { moderatesFor: Object.freeze(moderatesFor) } : {}),
      timeZone: timeZone ?? this.defaultTimeZone,
    });
  }
}

/** A map keyed by id as given and by email in lower case (a key with "@" is an email). */
function keyed<T>(record: Readonly<Record<string, readonly T[]>>, check?: (values: readonly T[]) => void): Map<string, readonly T[]> {
  const map = new Map<string, readonly T[]>();
  for (const [key, values] of Object.entries(record)) {
    check?.(values);
    const k = key.includes('@') ? key.trim().toLowerCase() : key.trim();
    map.set(k, union(map.get(k), values));
  }
  return map;
}

function union<T>(...lists: (readonly T[] | undefined)[]): T[] {
  const out: T[] = [];
  for (const list of lists) for (const v of list ?? []) if (!out.includes(v)) out.push(v);
  return out;
}
