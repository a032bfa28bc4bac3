/**
 * A local Microsoft-Graph-compatible calendar server, for local mode, tests and the benchmark. It speaks the Graph
 * v1.0 shapes the bot uses (getSchedule, mailboxSettings, events, responses, cancel, `$batch`, users, and the
 * bot's own installation through teamwork/installedApps, with an `onAppInstalled` hook), holds everything in
 * memory, and can be told to throttle like Outlook: random 429s with Retry-After (inside `$batch` too), 503s,
 * lost responses after a write, and at most 4 concurrent requests per mailbox, which it measures.
 *
 *   const graph = await startLocalCalendar({ port: 0, data: seedFromRoster(people), faults: { throttleRate: 0.3 } });
 *   // Graph base URL: graph.url (requests go to `${graph.url}/v1.0/...`)
 *   graph.stats().maxConcurrent  // the most requests ever in flight for one mailbox
 *
 * Extra endpoints for people and tests (not Graph's): GET /_stats, POST /_stats/reset, GET /_cancellations,
 * PUT /_faults (JSON body: LocalCalendarFaults).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { CancellationRecord, LocalCalendarData, LocalCalendarFaults, LocalCalendarStats } from './data.js';
import { GraphHttpError } from './errors.js';
import { errorResponse, json, route, type Route, type RouteHooks, type UnitRequest, type UnitResponse } from './routes.js';
import { CalendarStore } from './store.js';
import { seededRandom } from '../../workflow/seeded-random.js';

export interface LocalCalendarOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /**
   * Serve https with the self-signed certificate bundled with @vercel/cosmosdb-server (expired in 2021: clients
   * must skip verification, e.g. `curl -k`). Default false.
   */
  readonly https?: boolean;
  /** Users and their calendars. Default: nobody. See `seedFromRoster`. */
  readonly data?: LocalCalendarData;
  readonly faults?: LocalCalendarFaults;
  /** When set, /v1.0 requests must carry `Authorization: Bearer <token>`; others get 401. */
  readonly token?: string;
  /** Seeds the fault dice, so a run can be repeated. Default: random. */
  readonly seed?: number;
  readonly now?: () => Date;
  /**
   * Called after POST /users/{id}/teamwork/installedApps installed an app (201; not on a 409), with the user's id
   * and the catalog id, once the answer is on its way: where a local run can play Teams and send the bot its
   * installationUpdate. Its errors (and rejections) are reported as process warnings, never to the caller.
   */
  readonly onAppInstalled?: (userId: string, teamsAppId: string) => void | Promise<void>;
}

export interface LocalCalendar {
  /** The Graph base URL, without the version: "http://127.0.0.1:5990". The API is under `${url}/v1.0`. */
  readonly url: string;
  readonly port: number;
  stats(): LocalCalendarStats;
  resetStats(): void;
  /** Replaces the fault settings (absent fields take their defaults). */
  setFaults(faults: LocalCalendarFaults): void;
  cancellations(): readonly CancellationRecord[];
  close(): Promise<void>;
}

export const GRAPH_VERSION = 'v1.0';
export const MAX_BATCH_REQUESTS = 20;

interface ResolvedFaults {
  readonly throttleRate: number;
  readonly unavailableRate: number;
  readonly lostResponseRate: number;
  readonly retryAfterSeconds: number;
  readonly mailboxConcurrency: number;
  readonly mailboxBudget: { readonly requests: number; readonly windowMs: number };
  readonly latency: readonly [number, number];
}

function rate(value: number | undefined, name: string): number {
  const v = value ?? 0;
  if (!(v >= 0 && v <= 1)) throw new RangeError(`faults.${name} is a fraction from 0 to 1 (got ${value}).`);
  return v;
}

export function resolveFaults(f: LocalCalendarFaults = {}): ResolvedFaults {
  const throttleRate = rate(f.throttleRate, 'throttleRate');
  const unavailableRate = rate(f.unavailableRate, 'unavailableRate');
  if (throttleRate + unavailableRate > 1) throw new RangeError('faults.throttleRate + faults.unavailableRate is at most 1.');
  const latency: readonly [number, number] = f.latencyMs === undefined ? [2, 8] : typeof f.latencyMs === 'number' ? [f.latencyMs, f.latencyMs] : [f.latencyMs[0], f.latencyMs[1]];
  if (!(latency[0] >= 0 && latency[1] >= latency[0])) throw new RangeError('faults.latencyMs is a number of ms or a [min, max] range.');
  const retryAfterSeconds = f.retryAfterSeconds ?? 1;
  if (!(retryAfterSeconds >= 0)) throw new RangeError('faults.retryAfterSeconds is 0 or more.');
  const mailboxConcurrency = f.mailboxConcurrency ?? 4;
  if (!Number.isInteger(mailboxConcurrency) || mailboxConcurrency < 0) throw new RangeError('faults.mailboxConcurrency is a whole number (0: no limit).');
  const mailboxBudget = f.mailboxBudget ?? { requests: 10_000, windowMs: 600_000 };
  if (!(mailboxBudget.requests > 0 && mailboxBudget.windowMs > 0)) throw new RangeError('faults.mailboxBudget needs requests and windowMs above 0.');
  return {
    throttleRate,
    unavailableRate,
    lostResponseRate: rate(f.lostResponseRate, 'lostResponseRate'),
    retryAfterSeconds,
    mailboxConcurrency,
    mailboxBudget,
    latency,
  };
}

const dice = seededRandom;

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

interface MutableStats {
  httpRequests: number;
  batches: number;
  innerRequests: number;
  statuses: Record<string, number>;
  injected: { throttled: number; unavailable: number; lostResponses: number; concurrency: number; budget: number };
  maxConcurrentPerMailbox: Record<string, number>;
  eventsCreatedAtReset: number;
  duplicatesAtReset: number;
  cancellationsAtReset: number;
}

/** The server's request handling, apart from the socket: faults, concurrency accounting, routes and `$batch`. */
class LocalGraph {
  private faults: ResolvedFaults;
  private readonly random: () => number;
  private readonly inFlight = new Map<string, number>();
  private readonly budget = new Map<string, number[]>();
  private counts!: MutableStats;

  constructor(
    readonly store: CalendarStore,
    faults: LocalCalendarFaults | undefined,
    seed: number | undefined,
    private readonly token: string | undefined,
    private readonly hooks: RouteHooks = {},
  ) {
    this.faults = resolveFaults(faults);
    this.random = dice(seed ?? Math.floor(Math.random() * 2 ** 32));
    this.resetStats();
  }

  setFaults(faults: LocalCalendarFaults): void {
    this.faults = resolveFaults(faults);
  }

  resetStats(): void {
    this.counts = {
      httpRequests: 0,
      batches: 0,
      innerRequests: 0,
      statuses: {},
      injected: { throttled: 0, unavailable: 0, lostResponses: 0, concurrency: 0, budget: 0 },
      maxConcurrentPerMailbox: {},
      eventsCreatedAtReset: this.store.counters.eventsCreated,
      duplicatesAtReset: this.store.counters.duplicateTransactionIds,
      cancellationsAtReset: this.store.cancellations().length,
    };
  }

  stats(): LocalCalendarStats {
    const c = this.counts;
    return {
      httpRequests: c.httpRequests,
      batches: c.batches,
      innerRequests: c.innerRequests,
      statuses: { ...c.statuses },
      injected: { ...c.injected },
      maxConcurrentPerMailbox: { ...c.maxConcurrentPerMailbox },
      maxConcurrent: Math.max(0, ...Object.values(c.maxConcurrentPerMailbox)),
      eventsCreated: this.store.counters.eventsCreated - c.eventsCreatedAtReset,
      duplicateTransactionIds: this.store.counters.duplicateTransactionIds - c.duplicatesAtReset,
      cancellations: this.store.cancellations().length - c.cancellationsAtReset,
    };
  }

  private latency(): number {
    const [min, max] = this.faults.latency;
    return min + (max - min) * this.random();
  }

  private retryAfter(): Record<string, string> {
    return { 'retry-after': String(this.faults.retryAfterSeconds) };
  }

  /** One Graph request, plain or inside `$batch`: faults, the mailbox's concurrency and budget, then the route. */
  async unit(req: UnitRequest, requestId: string): Promise<UnitResponse> {
    const response = await this.unitInner(req, requestId);
    this.counts.statuses[response.status] = (this.counts.statuses[response.status] ?? 0) + 1;
    return response;
  }

  private async unitInner(req: UnitRequest, requestId: string): Promise<UnitResponse> {
    let matched: Route;
    try {
      matched = route(this.store, req, this.hooks);
    } catch (e) {
      if (e instanceof GraphHttpError) return errorResponse(e, requestId);
      throw e;
    }
    const mailbox = matched.mailbox;
    if (!mailbox) {
      await sleep(this.latency());
      return this.run(matched, requestId);
    }
    const key = mailbox.mail.toLowerCase();
    const now = this.inFlight.get(key) ?? 0;
    this.inFlight.set(key, now + 1);
    if (now + 1 > (this.counts.maxConcurrentPerMailbox[key] ?? 0)) this.counts.maxConcurrentPerMailbox[key] = now + 1;
    try {
      const f = this.faults;
      if (f.mailboxConcurrency > 0 && now + 1 > f.mailboxConcurrency) {
        this.counts.injected.concurrency += 1;
        return errorResponse(new GraphHttpError(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.', this.retryAfter()), requestId);
      }
      if (this.overBudget(key)) {
        this.counts.injected.budget += 1;
        return errorResponse(new GraphHttpError(429, 'ApplicationThrottled', 'Application is over its MailboxRequests limit.', this.retryAfter()), requestId);
      }
      const roll = this.random();
      if (roll < f.throttleRate) {
        this.counts.injected.throttled += 1;
        return errorResponse(new GraphHttpError(429, 'TooManyRequests', 'Too many requests. Retry after the time in the Retry-After header.', this.retryAfter()), requestId);
      }
      if (roll < f.throttleRate + f.unavailableRate) {
        this.counts.injected.unavailable += 1;
        return errorResponse(new GraphHttpError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.', this.retryAfter()), requestId);
      }
      await sleep(this.latency());
      const response = this.run(matched, requestId);
      if (matched.write && response.status < 300 && this.random() < f.lostResponseRate) {
        // Done, but the caller never hears so: only an idempotent retry is safe.
        this.counts.injected.lostResponses += 1;
        return errorResponse(new GraphHttpError(504, 'GatewayTimeout', 'The gateway did not receive a timely response.'), requestId);
      }
      return response;
    } finally {
      this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
    }
  }

  private run(matched: Route, requestId: string): UnitResponse {
    try {
      return matched.run();
    } catch (e) {
      if (e instanceof GraphHttpError) return errorResponse(e, requestId);
      throw e;
    }
  }

  private overBudget(key: string): boolean {
    const { requests, windowMs } = this.faults.mailboxBudget;
    const now = Date.now();
    let times = this.budget.get(key);
    if (!times) this.budget.set(key, (times = []));
    let drop = 0;
    while (drop < times.length && times[drop]! <= now - windowMs) drop += 1;
    if (drop > 0) times.splice(0, drop);
    times.push(now);
    return times.length > requests;
  }

  /** POST /$batch: up to 20 requests, each answered on its own (dependsOn honoured), in completion order. */
  async batch(body: unknown, serviceRoot: string, requestId: string): Promise<UnitResponse> {
    const requests = (body as { requests?: unknown } | undefined)?.requests;
    if (!Array.isArray(requests) || requests.length === 0) {
      return errorResponse(new GraphHttpError(400, 'BadRequest', 'Invalid batch payload format: requests must be a non-empty array.'), requestId);
    }
    if (requests.length > MAX_BATCH_REQUESTS) {
      return errorResponse(new GraphHttpError(400, 'BadRequest', `Invalid batch payload format: the number of requests exceeds the limit of ${MAX_BATCH_REQUESTS}.`), requestId);
    }
    const ids = new Set<string>();
    for (const r of requests as { id?: unknown; method?: unknown; url?: unknown }[]) {
      if (typeof r?.id !== 'string' || typeof r.method !== 'string' || typeof r.url !== 'string' || ids.has(r.id)) {
        return errorResponse(new GraphHttpError(400, 'BadRequest', 'Invalid batch payload format: each request needs a unique id, a method and a url.'), requestId);
      }
      ids.add(r.id);
    }
    this.counts.batches += 1;
    this.counts.innerRequests += requests.length;
    const steps = requests as { id: string; method: string; url: string; headers?: Record<string, string>; body?: unknown; dependsOn?: string[] }[];
    const results = new Map<string, Promise<UnitResponse>>();
    const responses: object[] = [];
    const runStep = async (step: (typeof steps)[number]): Promise<UnitResponse> => {
      for (const dep of step.dependsOn ?? []) {
        const before = results.get(dep);
        if (!before) return errorResponse(new GraphHttpError(400, 'BadRequest', `dependsOn names an unknown or later request "${dep}".`), requestId);
        if ((await before).status >= 400) return errorResponse(new GraphHttpError(424, 'FailedDependency', `Request ${dep} failed.`), requestId);
      }
      const url = step.url.startsWith('/') ? step.url : `/${step.url}`;
      if (/^\/(v1\.0|beta)(\/|$)/i.test(url)) {
        return this.count(errorResponse(new GraphHttpError(400, 'BadRequest', `Invalid request URL "${step.url}": batch URLs are relative to the version (/users/…, not /v1.0/users/…).`), requestId));
      }
      const [path, query = ''] = url.split('?', 2) as [string, string?];
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(step.headers ?? {})) headers[k.toLowerCase()] = String(v);
      return this.unit({ method: step.method, path, query: new URLSearchParams(query), headers, body: step.body, serviceRoot }, requestId);
    };
    for (const step of steps) {
      const p = runStep(step).then((res) => {
        responses.push({ id: step.id, status: res.status, headers: res.headers, ...(res.body !== undefined ? { body: res.body } : {}) });
        return res;
      });
      results.set(step.id, p);
    }
    await Promise.all(results.values());
    return json(200, { responses });
  }

  private count(response: UnitResponse): UnitResponse {
    this.counts.statuses[response.status] = (this.counts.statuses[response.status] ?? 0) + 1;
    return response;
  }

  /** The HTTP listener. */
  async handle(req: IncomingMessage, res: ServerResponse, scheme: string): Promise<void> {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', `${scheme}://${req.headers.host ?? 'localhost'}`);
    const serviceRoot = `${url.origin}/${GRAPH_VERSION}`;
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch {
      return send(res, json(400, { error: { code: 'BadRequest', message: 'The request body could not be read.' } }), requestId);
    }

    if (url.pathname.startsWith('/_')) return send(res, this.admin(req.method ?? 'GET', url.pathname, raw), requestId);
    const prefix = `/${GRAPH_VERSION}/`;
    if (!url.pathname.startsWith(prefix)) {
      return send(res, errorResponse(new GraphHttpError(400, 'BadRequest', `Invalid version: the path must start with /${GRAPH_VERSION}/.`), requestId), requestId);
    }
    this.counts.httpRequests += 1;
    if (this.token !== undefined && req.headers.authorization !== `Bearer ${this.token}`) {
      const missing = !req.headers.authorization;
      return send(
        res,
        errorResponse(new GraphHttpError(401, 'InvalidAuthenticationToken', missing ? 'Access token is empty.' : 'Access token validation failure.'), requestId),
        requestId,
      );
    }
    let body: unknown;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return send(res, errorResponse(new GraphHttpError(400, 'BadRequest', 'Unable to read JSON request payload.'), requestId), requestId);
      }
    }
    const path = url.pathname.slice(prefix.length - 1);
    if (path === '/$batch') {
      if ((req.method ?? '').toUpperCase() !== 'POST') return send(res, errorResponse(new GraphHttpError(405, 'BadRequest', 'POST only.'), requestId), requestId);
      // The envelope itself may be refused as a whole, like any request to the service.
      if (this.random() < this.faults.unavailableRate) {
        this.counts.injected.unavailable += 1;
        return send(res, errorResponse(new GraphHttpError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.', this.retryAfter()), requestId), requestId);
      }
      return send(res, await this.batch(body, serviceRoot, requestId), requestId);
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const unit = await this.unit({ method: req.method ?? 'GET', path, query: url.searchParams, headers, body, serviceRoot }, requestId);
    return send(res, unit, requestId, req.headers['client-request-id']);
  }

  private admin(method: string, path: string, raw: Buffer): UnitResponse {
    if (path === '/_stats' && method === 'GET') return json(200, this.stats());
    if (path === '/_stats/reset' && method === 'POST') {
      this.resetStats();
      return { status: 204, headers: {} };
    }
    if (path === '/_cancellations' && method === 'GET') return json(200, { value: this.store.cancellations() });
    if (path === '/_faults' && method === 'PUT') {
      try {
        this.setFaults(JSON.parse(raw.toString('utf8') || '{}') as LocalCalendarFaults);
        return { status: 204, headers: {} };
      } catch (e) {
        return json(400, { error: { code: 'BadRequest', message: (e as Error).message } });
      }
    }
    return json(404, { error: { code: 'NotFound', message: 'Unknown admin endpoint.' } });
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => done(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

function send(res: ServerResponse, unit: UnitResponse, requestId: string, clientRequestId?: string | string[]): void {
  const headers: Record<string, string> = { ...unit.headers, 'request-id': requestId };
  if (typeof clientRequestId === 'string') headers['client-request-id'] = clientRequestId;
  const payload = unit.body === undefined ? undefined : Buffer.from(JSON.stringify(unit.body));
  if (payload) headers['content-length'] = String(payload.length);
  res.writeHead(unit.status, headers);
  res.end(payload);
}

/** The certificate and key bundled with @vercel/cosmosdb-server (self-signed, for 127.0.0.1/localhost). */
function bundledCertificate(): { cert: Buffer; key: Buffer } {
  const require = createRequire(import.meta.url);
  const dir = dirname(dirname(require.resolve('@vercel/cosmosdb-server')));
  return { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) };
}

/** The route hook for `onAppInstalled`: run after the current request, its failures a warning. */
function appInstalledHook(hook: LocalCalendarOptions['onAppInstalled']): RouteHooks {
  if (!hook) return {};
  const warn = (error: unknown) => process.emitWarning(`Local calendar: onAppInstalled failed: ${(error as Error)?.message ?? String(error)}`);
  return {
    onAppInstalled: (userId, teamsAppId) =>
      void setImmediate(() => {
        try {
          Promise.resolve(hook(userId, teamsAppId)).catch(warn);
        } catch (error) {
          warn(error);
        }
      }),
  };
}

export async function startLocalCalendar(options: LocalCalendarOptions = {}): Promise<LocalCalendar> {
  const store = new CalendarStore(options.data ?? { users: [], events: [] }, options.now);
  const graph = new LocalGraph(store, options.faults, options.seed, options.token, appInstalledHook(options.onAppInstalled));
  const scheme = options.https ? 'https' : 'http';
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    graph.handle(req, res, scheme).catch((error: unknown) => {
      if (!res.headersSent) send(res, json(500, { error: { code: 'InternalServerError', message: (error as Error).message } }), randomUUID());
      else res.destroy();
    });
  };
  const server: Server = options.https ? createHttpsServer({ ...bundledCertificate(), keepAlive: true }, listener) : createHttpServer({ keepAlive: true }, listener);
  server.keepAliveTimeout = 30_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => done());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `${scheme}://${shownHost}:${port}`,
    port,
    stats: () => graph.stats(),
    resetStats: () => graph.resetStats(),
    setFaults: (faults) => graph.setFaults(faults),
    cancellations: () => store.cancellations(),
    close: () =>
      (closing ??= new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      })),
  };
}
