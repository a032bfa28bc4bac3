/**
 * Every card the bot sends carries a stamp derived from its outbox key, so that after a crash between the
 * channel accepting a card and our store recording it ("in doubt"), the sender can ask the channel whether the
 * card is already in the chat instead of sending it a second time.
 */

/** FNV-1a, 64-bit, as hex: short, stable across processes, and not a secret (the key is no secret either). */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/** The stamp of a message: the id of a hidden element on its card (`delivery-<hash>`). */
export function deliveryStamp(tenantId: string, key: string): string {
  return `delivery-${fnv1a64(`${tenantId}|${key}`)}`;
}
