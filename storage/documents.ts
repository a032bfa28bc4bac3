/** Helpers shared by the Cosmos repositories. */

/** What Cosmos adds to every document; never part of a domain object. */
export interface SystemFields {
  readonly _rid?: string;
  readonly _self?: string;
  readonly _etag?: string;
  readonly _attachments?: string;
  readonly _ts?: number;
}

const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts'] as const;

export function withoutSystemFields<T extends object>(doc: T & SystemFields): T {
  const copy = { ...doc };
  for (const field of SYSTEM_FIELDS) delete copy[field];
  return copy;
}

/** The HTTP status of an error from @azure/cosmos (it throws ErrorResponse with `code`). */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'number') return code;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

/** Freezes an object graph, so a `change` that mutates its input fails instead of being skipped as "no change". */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

/** Full jitter: a random wait up to a ceiling that doubles per attempt, so racing writers spread out. */
export function backoff(attempt: number, baseMs = 5, maxMs = 200): Promise<void> {
  const ceiling = Math.min(maxMs, baseMs * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
