import type { Container } from '@azure/cosmos';
import { NotFound } from '../workflow/errors.js';
import { backoff, deepFreeze, statusOf, withoutSystemFields, type SystemFields } from './documents.js';

/** Creates a document; false (nothing written) when one with its id exists in the partition. */
export async function createOnce<T extends { id: string; tenantId: string }>(container: Container, doc: T): Promise<boolean> {
  try {
    await container.items.create<T>(doc);
    return true;
  } catch (error) {
    if (statusOf(error) === 409) return false;
    throw error;
  }
}

export async function readDocument<T extends object>(container: Container, tenantId: string, id: string): Promise<(T & SystemFields) | undefined> {
  try {
    const { resource } = await container.item(id, tenantId).read<T & SystemFields>();
    return resource;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}

/**
 * Read-modify-write under the document's ETag (see storage/README.md): `change` runs on a frozen copy; returning
 * it unchanged writes nothing; a 412 (someone wrote since the read) re-reads and runs `change` again.
 */
export async function updateUnderEtag<T extends { id: string; tenantId: string }>(
  container: Container,
  tenantId: string,
  id: string,
  change: (current: T) => T,
  options: { what: string; maxAttempts: number },
): Promise<T> {
  for (let attempt = 1; attempt <= options.maxAttempts; attempt += 1) {
    const doc = await readDocument<T>(container, tenantId, id);
    if (!doc) throw new NotFound(`${options.what} ${id}`);
    const current = deepFreeze(withoutSystemFields(doc)) as T;
    const changed = change(current); // a domain error thrown here propagates; nothing is written
    if (changed === current) return current;
    if (changed.id !== id || changed.tenantId !== tenantId) {
      throw new Error(`update(${tenantId}/${id}) returned a different ${options.what.toLowerCase()} (${changed.tenantId}/${changed.id})`);
    }
    try {
      const { resource } = await container.item(id, tenantId).replace<T>(changed, { accessCondition: { type: 'IfMatch', condition: doc._etag! } });
      return withoutSystemFields(resource! as T & SystemFields);
    } catch (error) {
      // 412: someone wrote since we read. 404: it was deleted; the re-read reports NotFound.
      const status = statusOf(error);
      if (status !== 412 && status !== 404) throw error;
      await backoff(attempt);
    }
  }
  throw new Error(`update(${tenantId}/${id}) gave up after ${options.maxAttempts} conflicting writes`);
}
