import { describe, expect, it } from 'vitest';
import { countCards, newFanOut, recordProgress, UPDATE_EVERY_MS } from '../../workflow/delivery/fan-out.js';

const ids = ['a-1', 'a-2', 'a-3'];
const fanOut = () => newFanOut({ tenantId: 't', cycle: '2026-12', coordinatorId: 'qa', auditIds: ids, at: '2026-12-01T09:00:00.000Z' });

describe('fan-out progress', () => {
  it('counts every audit it follows, even before they are stored, so it never settles early', () => {
    expect(countCards(fanOut(), [])).toEqual({ total: 3, sent: 0, failed: 0, waiting: 0 });
    const early = recordProgress(fanOut(), countCards(fanOut(), [{ auditId: 'a-1', state: 'sent' }]), new Date('2026-12-01T09:00:05.000Z'));
    expect(early.completedAt).toBeUndefined();
    expect(early.following).toBe(true);
  });

  it('a card cancelled before it was shown leaves the total; failed and waiting settle it', () => {
    const cards = [
      { auditId: 'a-1', state: 'sent' as const },
      { auditId: 'a-2', state: 'dead' as const },
      { auditId: 'a-3', state: 'cancelled' as const },
      { auditId: 'other', state: 'sent' as const },
    ];
    const counts = countCards(fanOut(), cards);
    expect(counts).toEqual({ total: 2, sent: 1, failed: 1, waiting: 0 });
    const done = recordProgress(fanOut(), counts, new Date('2026-12-01T09:00:01.000Z'));
    expect(done).toMatchObject({ following: false, updates: 1 });
    expect(done.outbox.map((m) => [m.key, m.replaces])).toEqual([
      [`fanout:${done.id}`, undefined],
      [`fanout:${done.id}:u1`, `fanout:${done.id}`],
    ]);
  });

  it('queues an update at most every few seconds while cards go out, and nothing when nothing moved', () => {
    const t0 = new Date('2026-12-01T09:00:00.000Z');
    let f = recordProgress(fanOut(), { total: 3, sent: 1, failed: 0, waiting: 0 }, t0);
    expect(f.updates).toBe(1);
    f = recordProgress(f, { total: 3, sent: 2, failed: 0, waiting: 0 }, new Date(t0.getTime() + 1000));
    expect(f.updates).toBe(1);
    f = recordProgress(f, { total: 3, sent: 2, failed: 0, waiting: 0 }, new Date(t0.getTime() + UPDATE_EVERY_MS + 1));
    expect(f.updates).toBe(1); // the earlier update is still to be sent
    expect(recordProgress(f, f.counts, new Date(t0.getTime() + 60_000))).toBe(f);
  });
});
