import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { withoutFields, type Json, type JournalEntry } from './journal.js';

/**
 * Wraps @vercel/cosmosdb-server's request handler so that every mutation it acknowledges is first
 * appended to the journal. Reads pass through untouched.
 *
 * Ordering: the server applies a mutation to memory and calls `res.end` in one uninterrupted run of
 * microtasks (no I/O in between), so journal lines are in the same order as the in-memory changes.
 */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

type Mutation =
  | { readonly kind: 'db-create' }
  | { readonly kind: 'db-delete'; readonly db: string }
  | { readonly kind: 'coll-create'; readonly db: string }
  | { readonly kind: 'coll-replace'; readonly db: string; readonly coll: string }
  | { readonly kind: 'coll-delete'; readonly db: string; readonly coll: string }
  | { readonly kind: 'doc-write'; readonly db: string; readonly coll: string }
  | { readonly kind: 'doc-delete'; readonly db: string; readonly coll: string; readonly id: string };

type Classified = { readonly kind: 'read' } | { readonly kind: 'unsupported'; readonly why?: string } | Mutation;

/**
 * The server applies a batch's operations one by one and, if one throws, answers 500 with the earlier ones
 * already applied in memory: no response tells us what to journal. The product uses no batches or bulk.
 */
const NO_BATCHES =
  'batch and bulk requests are refused: the embedded server applies them partially and they could not be journaled';

function isTrue(req: IncomingMessage, header: string): boolean {
  const value = req.headers[header];
  return (Array.isArray(value) ? value : [value]).some((v) => v?.toLowerCase() === 'true');
}

/** Mirrors the server's router (lib/router.js), so we classify a request exactly as it will be handled. */
function classify(req: IncomingMessage): Classified {
  let path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path.startsWith('//')) path = path.slice(1);
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const p = path.split('/').slice(1).map(decodeURIComponent);
  let method = req.method ?? 'GET';
  if (method === 'POST' && (isTrue(req, 'x-ms-documentdb-isquery') || req.headers['content-type'] === 'application/query+json')) {
    method = 'POST_QUERY';
  } else if (isTrue(req, 'x-ms-documentdb-is-upsert')) method += '_UPSERT';
  else if (isTrue(req, 'x-ms-cosmos-is-batch-request')) method += '_BATCH';

  if (method === 'GET' || method === 'HEAD' || method === 'POST_QUERY') return { kind: 'read' };
  const [dbs, db, colls, coll, docs, id] = p;
  if (dbs !== 'dbs') return { kind: 'unsupported' };
  if (p.length === 1 && method === 'POST') return { kind: 'db-create' };
  if (p.length === 2 && method === 'DELETE') return { kind: 'db-delete', db: db! };
  if (colls !== 'colls') return { kind: 'unsupported' };
  if (p.length === 3 && method === 'POST') return { kind: 'coll-create', db: db! };
  if (p.length === 4 && method === 'PUT') return { kind: 'coll-replace', db: db!, coll: coll! };
  if (p.length === 4 && method === 'DELETE') return { kind: 'coll-delete', db: db!, coll: coll! };
  if (docs !== 'docs') return { kind: 'unsupported' }; // user-defined functions: not journaled, so refused
  if (p.length === 5 && (method === 'POST' || method === 'POST_UPSERT')) return { kind: 'doc-write', db: db!, coll: coll! };
  if (p.length === 5 && method === 'POST_BATCH') return { kind: 'unsupported', why: NO_BATCHES };
  if (p.length === 6 && (method === 'PUT' || method === 'PATCH')) return { kind: 'doc-write', db: db!, coll: coll! };
  if (p.length === 6 && method === 'DELETE') return { kind: 'doc-delete', db: db!, coll: coll!, id: id! };
  return { kind: 'unsupported' };
}

/** The partition value the server uses for a delete (lib/utils/get-partition-from-header.js). */
function partitionFromHeader(header: string | string[] | undefined, id: string): unknown {
  const raw = Array.isArray(header) ? header[0] : header;
  const parsed: unknown = raw === undefined ? undefined : JSON.parse(raw);
  const value = Array.isArray(parsed) ? parsed[0] : parsed;
  return value && typeof value === 'object' ? id : value;
}

function parse(text: unknown): unknown {
  return typeof text === 'string' || Buffer.isBuffer(text) ? JSON.parse(text.toString()) : undefined;
}

/** The journal entries a successful mutation stands for. */
function entriesFor(m: Mutation, req: IncomingMessage, requestBody: unknown, responseBody: unknown): JournalEntry[] {
  switch (m.kind) {
    case 'db-create': {
      const def = requestBody as Json;
      return [{ op: 'db', id: String(def.id), def }];
    }
    case 'db-delete':
      return [{ op: 'db-delete', id: m.db }];
    case 'coll-create': {
      const def = requestBody as Json;
      return [{ op: 'coll', db: m.db, id: String(def.id), def }];
    }
    case 'coll-replace':
      return [{ op: 'coll', db: m.db, id: m.coll, def: requestBody as Json }];
    case 'coll-delete':
      return [{ op: 'coll-delete', db: m.db, id: m.coll }];
    case 'doc-write':
      return [{ op: 'doc', db: m.db, coll: m.coll, doc: withoutFields(parse(responseBody) as Json) }];
    case 'doc-delete':
      return [{ op: 'doc-delete', db: m.db, coll: m.coll, id: m.id, pk: partitionFromHeader(req.headers['x-ms-documentdb-partitionkey'], m.id) }];
  }
}

/** Mutations whose journal entry needs the request body (documents are journaled from the response). */
function needsRequestBody(m: Mutation): boolean {
  return m.kind === 'db-create' || m.kind === 'coll-create' || m.kind === 'coll-replace';
}

/** A request the server's handler can read again: the buffered body plus the original url, method and headers. */
export function replayableRequest(
  method: string,
  url: string,
  headers: IncomingMessage['headers'],
  body?: Buffer,
): IncomingMessage {
  const stream = new PassThrough();
  stream.end(body ?? Buffer.alloc(0));
  return Object.assign(stream, { method, url, headers }) as unknown as IncomingMessage;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const CODES: Record<number, string> = { 500: 'InternalServerError', 501: 'NotImplemented', 503: 'ServiceUnavailable' };

function reply(res: ServerResponse, status: 500 | 501 | 503, message: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ code: CODES[status], message }));
}

/**
 * `append` must write the lines durably enough (one synchronous append) before it returns. If it throws,
 * memory and journal have diverged: this request gets a 500 and the store refuses everything after it
 * until it is restarted (and replays the journal, which is the truth).
 */
export function journalingListener(original: RequestListener, append: (entries: JournalEntry[]) => void): RequestListener {
  let broken: Error | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (broken) return reply(res, 503, `The local store could not write its journal (${broken.message}); restart it.`);
    const target = classify(req);
    if (target.kind === 'read') return original(req, res);
    if (target.kind === 'unsupported') {
      const why = target.why ?? 'it would not survive a restart';
      return reply(res, 501, `The embedded store does not support ${req.method} ${req.url}: ${why}.`);
    }

    let request = req;
    let requestBody: unknown;
    if (needsRequestBody(target)) {
      const raw = await readBody(req);
      request = replayableRequest(req.method ?? 'POST', req.url ?? '/', req.headers, raw);
      requestBody = raw.length ? JSON.parse(raw.toString()) : undefined;
    }

    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (res.statusCode >= 200 && res.statusCode < 300) {
        try {
          append(entriesFor(target, req, requestBody, chunk));
        } catch (error) {
          broken = error instanceof Error ? error : new Error(String(error));
          res.statusCode = 500;
          return end(JSON.stringify({ code: 'InternalServerError', message: `Journal write failed: ${broken.message}` }));
        }
      }
      return end(chunk, ...rest);
    }) as ServerResponse['end'];
    original(request, res);
  };

  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) reply(res, 500, error instanceof Error ? error.message : String(error));
    });
  };
}
