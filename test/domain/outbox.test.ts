import { describe, expect, it } from 'vitest';
import { cancelUnsent, CLAIM_TIMEOUT_MS, enqueue, isDeliverable, releaseHeld, type HasOutbox, type OutboxMessage } from '../../workflow/outbox.js';
import { deepFreeze } from '../fakes/support.js';

const AT = '2026-12-01T09:00:00.000Z';
const empty: HasOutbox = deepFreeze({ outbox: [], deliveryDue: false });
const message = (over: Partial<OutboxMessage> = {}): OutboxMessage => ({
  key: 'k',
  kind: 'allocation',
  to: 'p-1',
  state: 'pending',
  attempts: 0,
  createdAt: AT,
  ...over,
});
const holding = (...messages: OutboxMessage[]): HasOutbox =>
  deepFreeze({ outbox: messages, deliveryDue: messages.some((m) => m.state === 'pending' || m.state === 'sending') });

describe('outbox', () => {
  it('enqueues a pending message and marks delivery due', () => {
    const after = enqueue(empty, { key: 'k', kind: 'allocation', to: 'p-1' }, AT);
    expect(after).toEqual({ outbox: [message()], deliveryDue: true });
  });

  it('enqueueing the same key twice is a no-op, whatever the second one says', () => {
    const once = enqueue(empty, { key: 'k', kind: 'allocation', to: 'p-1' }, AT);
    const twice = enqueue(once, { key: 'k', kind: 'declined', to: 'p-2' }, '2026-12-02T00:00:00.000Z');
    expect(twice).toBe(once);
  });

  it.each([
    ['pending', true],
    ['sending', true],
    ['held', false],
    ['sent', false],
    ['dead', false],
    ['cancelled', false],
  ] as const)('a %s message makes delivery due: %s', (state, due) => {
    const after = enqueue(holding(message({ state })), { key: 'other', kind: 'declined', to: 'p-9' }, AT);
    const settled = cancelUnsent(after, 'other');
    expect(settled.deliveryDue).toBe(due);
  });

  it('releases only the held messages of the person who installed', () => {
    const before = holding(message({ key: 'a', to: 'p-1', state: 'held' }), message({ key: 'b', to: 'p-2', state: 'held' }), message({ key: 'c', to: 'p-1', state: 'dead' }));
    const after = releaseHeld(before, 'p-1');
    expect(after.outbox.map((m) => `${m.key}:${m.state}`)).toEqual(['a:pending', 'b:held', 'c:dead']);
    expect(after.deliveryDue).toBe(true);
  });

  it.each([
    ['pending', 'cancelled'],
    ['held', 'cancelled'],
    ['sending', 'sending'],
    ['sent', 'sent'],
    ['dead', 'dead'],
  ] as const)('cancelUnsent turns a %s message into %s', (state, after) => {
    expect(cancelUnsent(holding(message({ state })), 'k').outbox[0]!.state).toBe(after);
  });

  describe('isDeliverable', () => {
    const now = new Date('2026-12-01T12:00:00.000Z');
    it.each([
      ['pending, no wait', message(), true],
      ['pending, wait over', message({ notBefore: '2026-12-01T12:00:00.000Z' }), true],
      ['pending, still waiting', message({ notBefore: '2026-12-01T12:00:00.001Z' }), false],
      ['sending, claimed just now', message({ state: 'sending', claimedAt: '2026-12-01T11:59:00.000Z' }), false],
      ['sending, claim expired', message({ state: 'sending', claimedAt: new Date(now.getTime() - CLAIM_TIMEOUT_MS - 1).toISOString() }), true],
      ['held', message({ state: 'held' }), false],
      ['sent', message({ state: 'sent' }), false],
    ])('%s → %s', (_what, m, deliverable) => {
      expect(isDeliverable(m, now)).toBe(deliverable);
    });
  });
});
