import type { Lease, Leases } from '../../workflow/ports.js';
import { pause } from './support.js';

/**
 * The `Leases` port in memory, with the Cosmos adapter's semantics: one lease per tenant and name, taken when
 * free, expired at `now` (`expiresAt <= now`) or already the caller's; released only by its holder. The check
 * and the write happen in one turn after a pause, as the conditional write makes them one step in Cosmos, so
 * racing callers interleave but exactly one wins.
 */
export class InMemoryLeases implements Leases {
  private readonly leases = new Map<string, Lease>();

  async acquire(tenantId: string, name: string, holder: string, ttlMs: number, now: Date): Promise<Lease | undefined> {
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`ttlMs must be positive (got ${ttlMs})`);
    await pause();
    const key = keyOf(tenantId, name);
    const current = this.leases.get(key);
    if (current && current.holder !== holder && Date.parse(current.expiresAt) > now.getTime()) return undefined;
    const lease: Lease = { name, holder, expiresAt: new Date(now.getTime() + ttlMs).toISOString() };
    this.leases.set(key, lease);
    return { ...lease };
  }

  async release(tenantId: string, name: string, holder: string): Promise<void> {
    await pause();
    const key = keyOf(tenantId, name);
    if (this.leases.get(key)?.holder === holder) this.leases.delete(key);
  }

  // ---- test helpers ----

  /** The lease as stored (expired or not), or undefined when never taken or released. */
  current(tenantId: string, name: string): Lease | undefined {
    const lease = this.leases.get(keyOf(tenantId, name));
    return lease && { ...lease };
  }
}

function keyOf(tenantId: string, name: string): string {
  return JSON.stringify([tenantId, name]);
}
