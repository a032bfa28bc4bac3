/**
 * The Graph routes the local calendar server answers, as one function from a request to a response. It is used
 * for plain requests and for each request inside `$batch` alike, so both behave the same.
 */
import type { Event } from '@microsoft/microsoft-graph-types';
import type { LocalUser } from './data.js';
import { GraphHttpError } from './errors.js';
import { preferredZone } from './graph-time.js';
import type { CalendarStore } from './store.js';

export interface UnitRequest {
  readonly method: string;
  /** Below the version: "/users/alex%40example.org/events". */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** "http://127.0.0.1:5990/v1.0", for @odata.nextLink and @odata.context. */
  readonly serviceRoot: string;
}

export interface UnitResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** A matched route: the mailbox it works on (for throttling and concurrency), whether it writes, and its work. */
export interface Route {
  readonly mailbox?: LocalUser;
  readonly write: boolean;
  run(): UnitResponse;
}

/** Callbacks a route may make after it changed the state (the server defers them and keeps their errors out). */
export interface RouteHooks {
  /** A Teams app was installed in a user's personal scope (201, not 409): by user id, not the address asked for. */
  onAppInstalled?(userId: string, teamsAppId: string): void;
}

const JSON_HEADERS = Object.freeze({ 'content-type': 'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8' });

export function json(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): UnitResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body };
}

export function errorResponse(error: GraphHttpError, requestId: string): UnitResponse {
  return json(
    error.status,
    { error: { code: error.code, message: error.message, innerError: { date: new Date().toISOString(), 'request-id': requestId, 'client-request-id': requestId } } },
    error.headers,
  );
}

const RESPONSE_ACTIONS = { accept: 'accepted', decline: 'declined', tentativelyAccept: 'tentativelyAccepted' } as const;

function notFoundSegment(segment: string): never {
  throw new GraphHttpError(400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
}

function methodNotAllowed(): never {
  throw new GraphHttpError(405, 'Request_BadRequest', 'The HTTP method is not allowed for this resource.');
}

function integerParam(query: URLSearchParams, name: string, max: number): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new GraphHttpError(400, 'BadRequest', `Invalid value '${raw}' for ${name}.`);
  return n;
}

/** Matches a request to a route; throws GraphHttpError for unknown users, segments and methods. */
export function route(store: CalendarStore, req: UnitRequest, hooks: RouteHooks = {}): Route {
  let segments: string[];
  try {
    segments = req.path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new GraphHttpError(400, 'BadRequest', 'The request URL cannot be read.');
  }
  const method = req.method.toUpperCase();
  const [root, id, ...rest] = segments;
  if (root !== 'users') notFoundSegment(root ?? '');
  if (id === undefined) {
    if (method !== 'GET') methodNotAllowed();
    return {
      write: false,
      run: () => {
        // Paged like Graph: $top (default 100, at most 999), an opaque $skiptoken in @odata.nextLink.
        const top = integerParam(req.query, '$top', 999) ?? 100;
        if (top === 0) throw new GraphHttpError(400, 'BadRequest', "Invalid value '0' for $top.");
        const token = req.query.get('$skiptoken');
        const skip = token === null ? 0 : Number.parseInt(Buffer.from(token, 'base64url').toString('utf8'), 10);
        if (!Number.isInteger(skip) || skip < 0) throw new GraphHttpError(400, 'BadRequest', 'The $skiptoken is not valid.');
        const expand = req.query.get('$expand');
        const expandManager = expand !== null && /^manager(\(|$)/.test(expand.trim());
        if (expand !== null && !expandManager) throw new GraphHttpError(400, 'BadRequest', `The local server expands only 'manager' (got '${expand}').`);
        const page = store.listUserPage(top, skip);
        const next = new URLSearchParams(req.query);
        next.set('$top', String(top));
        next.set('$skiptoken', Buffer.from(String(skip + top)).toString('base64url'));
        return json(200, {
          '@odata.context': `${req.serviceRoot}/$metadata#users`,
          value: page.value.map((u) => {
            const managerId = expandManager ? store.managerIdOf(u) : undefined;
            return { ...store.userJson(u), ...(managerId ? { manager: { '@odata.type': '#microsoft.graph.user', id: managerId } } : {}) };
          }),
          ...(page.more ? { '@odata.nextLink': `${req.serviceRoot}/users?${next.toString()}` } : {}),
        });
      },
    };
  }
  const user = store.requireUser(id);
  const zone = () => preferredZone(req.headers['prefer']);
  // /users/{id}/calendar/events… is the same collection as /users/{id}/events…
  const path = rest[0] === 'calendar' && rest[1] === 'events' ? rest.slice(1) : rest;

  if (path.length === 0) {
    if (method !== 'GET') methodNotAllowed();
    return { mailbox: user, write: false, run: () => json(200, { '@odata.context': `${req.serviceRoot}/$metadata#users/$entity`, ...store.userJson(user) }) };
  }
  if (path[0] === 'manager' && path.length === 1) {
    if (method !== 'GET') methodNotAllowed();
    return { mailbox: user, write: false, run: () => json(200, { '@odata.context': `${req.serviceRoot}/$metadata#directoryObjects/$entity`, '@odata.type': '#microsoft.graph.user', ...store.manager(user) }) };
  }
  if (path[0] === 'mailboxSettings' && path.length === 1) {
    if (method !== 'GET') methodNotAllowed();
    return {
      mailbox: user,
      write: false,
      run: () => json(200, { '@odata.context': `${req.serviceRoot}/$metadata#users('${user.id}')/mailboxSettings`, ...store.mailboxSettings(user) }),
    };
  }
  if (path[0] === 'calendar' && path[1] === 'getSchedule' && path.length === 2) {
    if (method !== 'POST') methodNotAllowed();
    return {
      mailbox: user,
      write: false,
      run: () => json(200, { '@odata.context': `${req.serviceRoot}/$metadata#Collection(microsoft.graph.scheduleInformation)`, value: store.schedule(req.body, zone()) }),
    };
  }
  if (path[0] === 'teamwork') return teamworkRoute(store, req, user, path.slice(1), hooks);
  if (path[0] !== 'events') notFoundSegment(path[0] ?? '');

  const [, eventId, action, ...extra] = path;
  if (extra.length > 0) notFoundSegment(extra[0]!);
  if (eventId === undefined) {
    if (method === 'GET') {
      return {
        mailbox: user,
        write: false,
        run: () => {
          const top = integerParam(req.query, '$top', 1000);
          const skip = integerParam(req.query, '$skip', 1_000_000) ?? 0;
          const filter = req.query.get('$filter') ?? undefined;
          const page = store.listEvents(user, { ...(filter ? { filter } : {}), ...(top !== undefined ? { top } : {}), skip }, zone());
          const next = new URLSearchParams(req.query);
          next.set('$top', String(top ?? 10));
          next.set('$skip', String(skip + (top ?? 10)));
          return json(200, {
            '@odata.context': `${req.serviceRoot}/$metadata#users('${user.id}')/events`,
            value: page.value,
            ...(page.more ? { '@odata.nextLink': `${req.serviceRoot}/users/${encodeURIComponent(id)}/events?${next.toString()}` } : {}),
          });
        },
      };
    }
    if (method === 'POST') {
      return {
        mailbox: user,
        write: true,
        run: () => {
          const { event } = store.createEvent(user, req.body, zone());
          return json(201, { '@odata.context': `${req.serviceRoot}/$metadata#users('${user.id}')/events/$entity`, ...event });
        },
      };
    }
    methodNotAllowed();
  }
  if (action === undefined) {
    if (method === 'GET') return { mailbox: user, write: false, run: () => json(200, withContext(req, user, store.getEvent(user, eventId, zone()))) };
    if (method === 'PATCH') return { mailbox: user, write: true, run: () => json(200, withContext(req, user, store.updateEvent(user, eventId, req.body, zone()))) };
    if (method === 'DELETE') {
      return {
        mailbox: user,
        write: true,
        run: () => {
          store.deleteEvent(user, eventId);
          return { status: 204, headers: {} };
        },
      };
    }
    methodNotAllowed();
  }
  if (method !== 'POST') methodNotAllowed();
  if (action === 'cancel') {
    return {
      mailbox: user,
      write: true,
      run: () => {
        const comment = (req.body as { Comment?: unknown; comment?: unknown } | undefined)?.Comment ?? (req.body as { comment?: unknown } | undefined)?.comment;
        store.cancelEvent(user, eventId, typeof comment === 'string' ? comment : '');
        return { status: 202, headers: {} };
      },
    };
  }
  const response = RESPONSE_ACTIONS[action as keyof typeof RESPONSE_ACTIONS];
  if (!response) notFoundSegment(action);
  return {
    mailbox: user,
    write: true,
    run: () => {
      store.respond(user, eventId, response);
      return { status: 202, headers: {} };
    },
  };
}

function withContext(req: UnitRequest, user: LocalUser, event: Event): object {
  return { '@odata.context': `${req.serviceRoot}/$metadata#users('${user.id}')/events/$entity`, ...event };
}

// ---- Teams apps in a user's personal scope (not calendar): /users/{id}/teamwork/installedApps ------------------------

const TEAMS_APP_PATH = /^\/(?:v1\.0|beta)\/appCatalogs\/teamsApps\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The catalog id a `teamsApp@odata.bind` names (lower case), or a 400 like Graph's for anything else. */
function boundTeamsApp(req: UnitRequest): string {
  const body = req.body;
  const bind = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)['teamsApp@odata.bind'] : undefined;
  if (typeof bind !== 'string') {
    throw new GraphHttpError(400, 'BadRequest', "The request body needs 'teamsApp@odata.bind': the URL of the app in the app catalog.");
  }
  let url: URL | undefined;
  try {
    url = new URL(bind);
  } catch {
    url = undefined;
  }
  const match = url ? TEAMS_APP_PATH.exec(url.pathname) : null;
  const origins = new Set(['https://graph.microsoft.com', new URL(req.serviceRoot).origin]);
  if (!url || !match || !origins.has(url.origin) || url.search !== '' || url.hash !== '') {
    throw new GraphHttpError(400, 'BadRequest', `Invalid 'teamsApp@odata.bind' "${bind}": expected https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/{teams-app-id}.`);
  }
  return match[1]!.toLowerCase();
}

/** POST installs (201; 409 when installed already), GET lists, with `$expand=teamsApp` and `$filter=teamsApp/id eq '…'`. */
function teamworkRoute(store: CalendarStore, req: UnitRequest, user: LocalUser, path: readonly string[], hooks: RouteHooks): Route {
  if (path[0] !== 'installedApps') notFoundSegment(path[0] ?? 'teamwork');
  if (path.length > 1) notFoundSegment(path[1]!);
  const method = req.method.toUpperCase();
  if (method === 'POST') {
    return {
      mailbox: user,
      write: true,
      run: () => {
        const teamsAppId = boundTeamsApp(req);
        if (!store.installApp(user, teamsAppId)) throw new GraphHttpError(409, 'Conflict', 'The app is already installed for this user.');
        hooks.onAppInstalled?.(user.id, teamsAppId);
        return { status: 201, headers: {} };
      },
    };
  }
  if (method !== 'GET') methodNotAllowed();
  return {
    mailbox: user,
    write: false,
    run: () => {
      const expand = req.query.get('$expand');
      if (expand !== null && expand.trim() !== 'teamsApp') throw new GraphHttpError(400, 'BadRequest', `The local server expands only 'teamsApp' here (got '${expand}').`);
      const filter = req.query.get('$filter');
      const only = filter === null ? undefined : /^\s*teamsApp\/id\s+eq\s+'([^']*)'\s*$/i.exec(filter)?.[1]?.toLowerCase();
      if (filter !== null && only === undefined) throw new GraphHttpError(400, 'BadRequest', "The local server supports $filter=teamsApp/id eq '…' only here.");
      const apps = store.appsInstalledFor(user).filter((id) => only === undefined || id === only);
      return json(200, {
        '@odata.context': `${req.serviceRoot}/$metadata#users('${user.id}')/teamwork/installedApps`,
        value: apps.map((id) => ({
          id: Buffer.from(`${user.id}##${id}`).toString('base64'),
          ...(expand !== null ? { teamsApp: { id, distributionMethod: 'organization' } } : {}),
        })),
      });
    },
  };
}
