import { describe, expect, it } from 'vitest';
import {
  cancelUnsent,
  CLAIM_TIMEOUT_MS,
  enqueue,
  isDeliverable,
  nextDeliveryAt,
  releaseHeld,
  updateMessage,
  type HasOutbox,
  type OutboxMessage,
} from '../../workflow/outbox.js';
import { deepFreeze } from '../fakes/support.js';

const AT = '2026-12-01T09:00:00.000Z';
const later = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const empty: HasOutbox = deepFreeze({ outbox: [] });
const message = (over: Partial<OutboxMessage> = {}): OutboxMessage => ({
  key: 'k',
  kind: 'allocation',
  to: 'p-1',
  state: 'pending',
  attempts: 0,
  createdAt: AT,
  ...over,
});
const holding = (...messages: OutboxMessage[]): HasOutbox => {
  const next = nextDeliveryAt(messages);
  return deepFreeze({ outbox: messages, ...(next === undefined ? {} : { nextDeliveryAt: next }) });
};

describe('outbox', () => {
  it('enqueues a pending message, due from when it was enqueued', () => {
    const after = enqueue(empty, { key: 'k', kind: 'allocation', to: 'p-1' }, AT);
    expect(after).toStrictEqual({ outbox: [message()], nextDeliveryAt: AT });
  });

  it('enqueueing the same key twice is a no-op, whatever the second one says', () => {
    const once = enqueue(empty, { key: 'k', kind: 'allocation', to: 'p-1' }, AT);
    const twice = enqueue(once, { key: 'k', kind: 'declined', to: 'p-2' }, '2026-12-02T00:00:00.000Z');
    expect(twice).toBe(once);
  });

  it.each([
    ['pending', {}, AT],
    ['pending', { notBefore: later(AT, 30_000) }, later(AT, 30_000)],
    ['sending', { claimedAt: AT }, later(AT, CLAIM_TIMEOUT_MS)],
    ['held', {}, undefined],
    ['sent', {}, undefined],
    ['dead', {}, undefined],
    ['cancelled', {}, undefined],
  ] as const)('a %s message %o is next due at %s, recomputed whenever the outbox changes', (state, extra, due) => {
    const after = enqueue(holding(message({ state, ...extra })), { key: 'other', kind: 'declined', to: 'p-9' }, '2026-11-30T00:00:00.000Z');
    expect(after.nextDeliveryAt).toBe('2026-11-30T00:00:00.000Z');
    const settled = cancelUnsent(after, 'other');
    if (due === undefined) expect(settled).not.toHaveProperty('nextDeliveryAt');
    else expect(settled.nextDeliveryAt).toBe(due);
  });

  it('releases only the held messages of the person who installed, making them due', () => {
    const before = holding(message({ key: 'a', to: 'p-1', state: 'held' }), message({ key: 'b', to: 'p-2', state: 'held' }), message({ key: 'c', to: 'p-1', state: 'dead' }));
    expect(before).not.toHaveProperty('nextDeliveryAt');
    const after = releaseHeld(before, 'p-1');
    expect(after.outbox.map((m) => `${m.key}:${m.state}`)).toEqual(['a:pending', 'b:held', 'c:dead']);
    expect(after.nextDeliveryAt).toBe(AT);
  });

  describe('nextDeliveryAt', () => {
    it.each([
      ['nothing at all', [], undefined],
      ['a pending message without a wait: when it was created', [message()], AT],
      ['a pending message waiting out a retry: its not-before time', [message({ notBefore: later(AT, 45_000) })], later(AT, 45_000)],
      ['a claimed message: when its claim expires', [message({ state: 'sending', claimedAt: later(AT, 5_000) })], later(AT, 5_000 + CLAIM_TIMEOUT_MS)],
      ['a claimed message with no claim time: never', [message({ state: 'sending' })], undefined],
      [
        'messages that will never be sent again: never',
        (['held', 'sent', 'dead', 'cancelled'] as const).map((state) => message({ key: state, state })),
        undefined,
      ],
      [
        'several: the earliest',
        [
          message({ key: 'a', notBefore: later(AT, 60_000) }),
          message({ key: 'b', state: 'sending', claimedAt: later(AT, -CLAIM_TIMEOUT_MS + 10_000) }),
          message({ key: 'c', createdAt: later(AT, 20_000) }),
          message({ key: 'd', state: 'held', createdAt: later(AT, -60_000) }),
        ],
        later(AT, 10_000),
      ],
    ] as const)('%s', (_what, outbox, due) => {
      expect(nextDeliveryAt(outbox)).toBe(due);
    });

    it('drops the key (not just its value) once nothing is due, so a stored document matches no range query', () => {
      const due = holding(message());
      expect(due.nextDeliveryAt).toBe(AT);
      const settled = updateMessage(due, 'k', (m) => ({ ...m, state: 'sent' }));
      expect(settled).toStrictEqual({ outbox: [message({ state: 'sent' })] });
      expect(Object.keys(settled)).not.toContain('nextDeliveryAt');
    });

    it('moves to a retry’s not-before time when a send is put back to wait', () => {
      const claimed = holding(message({ state: 'sending', attempts: 1, claimedAt: AT }));
      const waiting = updateMessage(claimed, 'k', (m) => ({ ...m, state: 'pending', notBefore: later(AT, 30_000) }));
      expect(waiting.nextDeliveryAt).toBe(later(AT, 30_000));
    });

    it.each([
      ['pending', message()],
      ['pending after a retry', message({ notBefore: later(AT, 30_000) })],
      ['sending', message({ state: 'sending', claimedAt: AT })],
    ])('agrees with isDeliverable for a %s message: deliverable exactly from then on', (_what, m) => {
      const due = Date.parse(nextDeliveryAt([m])!);
      expect(isDeliverable(m, new Date(due - 1))).toBe(false);
      expect(isDeliverable(m, new Date(due))).toBe(true);
    });
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
      ['sending, claim expires in 1 ms', message({ state: 'sending', claimedAt: new Date(now.getTime() - CLAIM_TIMEOUT_MS + 1).toISOString() }), false],
      ['sending, claim expires now', message({ state: 'sending', claimedAt: new Date(now.getTime() - CLAIM_TIMEOUT_MS).toISOString() }), true],
      ['sending, claim expired', message({ state: 'sending', claimedAt: new Date(now.getTime() - CLAIM_TIMEOUT_MS - 1).toISOString() }), true],
      ['sending, never claimed', message({ state: 'sending' }), false],
      ['held', message({ state: 'held' }), false],
      ['sent', message({ state: 'sent' }), false],
    ])('%s → %s', (_what, m, deliverable) => {
      expect(isDeliverable(m, now)).toBe(deliverable);
    });
  });
});
