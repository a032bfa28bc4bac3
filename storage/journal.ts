import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The embedded store's journal: one JSON line per successful mutation, holding the resulting state
 * (never the request), so replaying it needs no knowledge of ETags or preconditions.
 */
export type Json = Record<string, unknown>;

export type JournalEntry =
  | { readonly op: 'db'; readonly id: string; readonly def: Json }
  | { readonly op: 'db-delete'; readonly id: string }
  | { readonly op: 'coll'; readonly db: string; readonly id: string; readonly def: Json }
  | { readonly op: 'coll-delete'; readonly db: string; readonly id: string }
  | { readonly op: 'doc'; readonly db: string; readonly coll: string; readonly doc: Json }
  /** `pk` is the parsed partition-key header value (the server falls back to the id when it is empty). */
  | { readonly op: 'doc-delete'; readonly db: string; readonly coll: string; readonly id: string; readonly pk: unknown };

/** System properties the server assigns; a replayed document gets fresh ones. */
const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts'];

export function withoutFields(value: Json, fields: readonly string[] = SYSTEM_FIELDS): Json {
  const copy: Json = { ...value };
  for (const field of fields) delete copy[field];
  return copy;
}

interface CollectionState {
  def: Json;
  readonly docs: Map<string, Json>;
}
interface DatabaseState {
  def: Json;
  readonly colls: Map<string, CollectionState>;
}
export type StoreState = Map<string, DatabaseState>;

/** The server keys a document by (partition value, falling back to the id) and id; so do we. */
function docKey(partition: unknown, id: string): string {
  return JSON.stringify([String(partition || id), id]);
}

function partitionOf(def: Json, doc: Json): unknown {
  const paths = (def.partitionKey as { paths?: string[] } | undefined)?.paths;
  const path = paths?.[0];
  if (!path || path === '/_partitionKey') return doc.id;
  let value: unknown = doc;
  for (const segment of path.slice(1).split('/')) value = (value as Json | undefined)?.[segment];
  return value;
}

export function applyEntry(state: StoreState, entry: JournalEntry): void {
  const collection = (db: string, id: string): CollectionState => {
    const found = state.get(db)?.colls.get(id);
    if (!found) throw new Error(`journal refers to collection ${db}/${id}, which does not exist`);
    return found;
  };
  switch (entry.op) {
    case 'db':
      state.set(entry.id, { def: entry.def, colls: new Map() });
      return;
    case 'db-delete':
      state.delete(entry.id);
      return;
    case 'coll': {
      const db = state.get(entry.db);
      if (!db) throw new Error(`journal refers to database ${entry.db}, which does not exist`);
      const existing = db.colls.get(entry.id);
      // A collection replace changes its definition and keeps its documents.
      if (existing) existing.def = entry.def;
      else db.colls.set(entry.id, { def: entry.def, docs: new Map() });
      return;
    }
    case 'coll-delete':
      state.get(entry.db)?.colls.delete(entry.id);
      return;
    case 'doc': {
      const coll = collection(entry.db, entry.coll);
      const doc = withoutFields(entry.doc);
      coll.docs.set(docKey(partitionOf(coll.def, doc), String(doc.id)), doc);
      return;
    }
    case 'doc-delete':
      collection(entry.db, entry.coll).docs.delete(docKey(entry.pk, entry.id));
      return;
  }
}

/** The state as a minimal list of entries: databases, then collections, then documents. */
export function snapshotEntries(state: StoreState): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (const [id, db] of state) entries.push({ op: 'db', id, def: db.def });
  for (const [dbId, db] of state) {
    for (const [id, coll] of db.colls) entries.push({ op: 'coll', db: dbId, id, def: coll.def });
  }
  for (const [dbId, db] of state) {
    for (const [collId, coll] of db.colls) {
      for (const doc of coll.docs.values()) entries.push({ op: 'doc', db: dbId, coll: collId, doc });
    }
  }
  return entries;
}

/**
 * Reads the journal into a state. A last line without its newline is a write torn by a crash: it was
 * never acknowledged, so it is dropped. A bad line anywhere else is corruption and stops start-up.
 */
export function readJournal(path: string): StoreState {
  const state: StoreState = new Map();
  if (!existsSync(path)) return state;
  const lines = readFileSync(path, 'utf8').split('\n');
  const complete = lines.slice(0, -1); // the text after the last '\n' is empty or torn
  complete.forEach((line, index) => {
    if (!line.trim()) return;
    let entry: JournalEntry;
    try {
      entry = JSON.parse(line) as JournalEntry;
    } catch {
      throw new Error(`The local store journal ${path} is corrupt at line ${index + 1}; move it aside to start empty.`);
    }
    applyEntry(state, entry);
  });
  return state;
}

/**
 * Rewrites the journal as a snapshot of `state`: written to a temporary file, flushed, then renamed over
 * the old journal, so a crash at any point leaves either the old journal or the new one, never half of one.
 */
export function compactJournal(path: string, state: StoreState): number {
  const entries = snapshotEntries(state);
  const temp = `${path}.compacting`;
  const fd = openSync(temp, 'w');
  try {
    for (const entry of entries) writeAll(fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  syncDirectory(dirname(path));
  return entries.length;
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written);
}

/** Makes the rename itself durable where the platform allows opening a directory. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not supported on every platform (e.g. Windows); the rename is still atomic.
  }
}
