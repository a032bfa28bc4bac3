/** Small helpers shared by the fakes. */

/** A JSON round trip, as a document store does: no shared references, `undefined` fields dropped. */
export function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Freezes an object graph, so a domain function that mutates its input fails loudly in tests. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

/** Yields to the event loop, standing in for a network round trip so concurrent callers interleave. */
export function pause(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
