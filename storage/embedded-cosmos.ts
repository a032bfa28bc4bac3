import { appendFileSync, closeSync, mkdirSync, openSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { lockDataDir } from './data-dir-lock.js';
import { compactJournal, readJournal, snapshotEntries, withoutFields, type JournalEntry, type StoreState } from './journal.js';
import { journalingListener, replayableRequest, type RequestListener } from './journaling-handler.js';

export { DataDirInUse } from './data-dir-lock.js';

/**
 * A Cosmos-DB-compatible store for local development and tests: @vercel/cosmosdb-server in this process,
 * made durable by a journal of every acknowledged mutation (see storage/README.md, "The local store").
 */
export interface EmbeddedCosmosOptions {
  readonly dataDir: string;
  /** 0 picks a free port (tests). A fixed port doubles as a lock: a second instance cannot bind it. */
  readonly port: number;
  readonly host?: string;
}

export interface EmbeddedCosmos {
  /** https://host:port/ — connect with `createCosmosClient({ kind: 'local', endpoint, key })`. */
  readonly endpoint: string;
  readonly key: string;
  readonly port: number;
  /** How many entries start-up replayed from the journal. */
  readonly replayed: number;
  close(): Promise<void>;
}

/** The server accepts any key; this one only has to be a string the SDK can sign with. */
export const EMBEDDED_COSMOS_KEY = 'embedded-cosmos-local-key';
export const JOURNAL_FILE = 'journal.jsonl';

export async function startEmbeddedCosmos(options: EmbeddedCosmosOptions): Promise<EmbeddedCosmos> {
  const dataDir = resolve(options.dataDir);
  const host = options.host ?? '127.0.0.1';
  mkdirSync(dataDir, { recursive: true });
  // Lock before touching the journal: compaction rewrites it, so only its owner may read it.
  const unlock = lockDataDir(dataDir);
  const journalPath = join(dataDir, JOURNAL_FILE);
  const server = createHttpsServer({ keepAlive: true });
  let journalFd: number | undefined;
  try {
    const state = readJournal(journalPath);
    compactJournal(journalPath, state);
    journalFd = openSync(journalPath, 'a');
    const fd = journalFd;

    const [original, ...others] = server.listeners('request') as RequestListener[];
    if (!original || others.length) throw new Error('Unexpected @vercel/cosmosdb-server: expected one request listener.');
    server.removeAllListeners('request');
    // One synchronous append per request: it is in the page cache before the client hears "done", so it
    // survives kill -9 (not a power cut: see README).
    const journaling = journalingListener(original, (entries) => {
      if (entries.length) appendFileSync(fd, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    });
    // Requests that arrive while the journal is being replayed wait for it.
    let opened!: () => void;
    const replayDone = new Promise<void>((done) => (opened = done));
    server.on('request', (req, res) => void replayDone.then(() => journaling(req, res)));

    await listen(server, options.port, host, dataDir);
    const replayed = await replay(original, state);
    opened();

    const port = (server.address() as AddressInfo).port;
    let closing: Promise<void> | undefined;
    return {
      endpoint: `https://${endpointHost(host)}:${port}/`,
      key: EMBEDDED_COSMOS_KEY,
      port,
      replayed,
      close: () =>
        (closing ??= (async () => {
          await stop(server);
          closeSync(fd);
          unlock();
        })()),
    };
  } catch (error) {
    if (server.listening) await stop(server);
    if (journalFd !== undefined) closeSync(journalFd);
    unlock();
    throw error;
  }
}

function endpointHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** The fixed port is taken, most likely by another process's store: callers may connect to that one instead. */
export class StorePortInUse extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    dataDir: string,
  ) {
    super(`the local store cannot listen on ${host}:${port}: the port is in use (is another instance using ${dataDir}?)`);
  }
}

function listen(server: ReturnType<typeof createHttpsServer>, port: number, host: string, dataDir: string): Promise<void> {
  return new Promise((done, fail) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      fail(error.code === 'EADDRINUSE' ? new StorePortInUse(host, port, dataDir) : error),
    );
    server.listen(port, host, () => done());
  });
}

function stop(server: ReturnType<typeof createHttpsServer>): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    // keepAlive clients hold sockets open; close() alone would wait for them.
    server.closeAllConnections();
  });
}

/** Feeds the compacted state to the fresh in-memory server through its own handler, in process. */
async function replay(handler: RequestListener, state: StoreState): Promise<number> {
  const entries = snapshotEntries(state);
  for (const entry of entries) {
    const [url, body] = replayRequest(entry);
    const { status, text } = await invoke(handler, url, body);
    if (status < 200 || status >= 300) {
      throw new Error(`Replaying the local store journal failed at ${url} (HTTP ${status}): ${text}`);
    }
  }
  return entries.length;
}

function replayRequest(entry: JournalEntry): [url: string, body: object] {
  const seg = encodeURIComponent;
  switch (entry.op) {
    case 'db':
      return ['/dbs', entry.def];
    case 'coll':
      return [`/dbs/${seg(entry.db)}/colls`, entry.def];
    case 'doc':
      return [`/dbs/${seg(entry.db)}/colls/${seg(entry.coll)}/docs`, withoutFields(entry.doc)];
    default:
      throw new Error(`A snapshot holds only creations, not ${entry.op}`);
  }
}

function invoke(handler: RequestListener, url: string, body: object): Promise<{ status: number; text: string }> {
  return new Promise((done) => {
    const req = replayableRequest('POST', url, { host: 'replay', 'content-type': 'application/json' }, Buffer.from(JSON.stringify(body)));
    const res = {
      statusCode: 200,
      headersSent: false,
      finished: false,
      setHeader: () => res,
      end(chunk?: unknown) {
        res.finished = true;
        done({ status: res.statusCode, text: chunk === undefined ? '' : String(chunk) });
      },
    };
    handler(req, res as unknown as ServerResponse);
  });
}
