import { describe, expect, it } from 'vitest';
import type { Audit } from '../../workflow/audit.js';
import { NotFound } from '../../workflow/errors.js';
import { aConversation, anAudit, cast, FakeClock, FixedDirectory, InMemoryAudits, InMemoryCycles, RecordingMessenger, SequentialIds, TENANT } from '../fakes/index.js';

/** The fakes are shared with the bot tier: their semantics are part of what the tests promise. */
describe('InMemoryAudits', () => {
  const audit = () => anAudit().withAllocationCard('pending').build();

  it('hands out copies: changing one changes nothing stored', async () => {
    const audits = new InMemoryAudits().seed(audit());
    const got = (await audits.get(TENANT, audit().id)) as { -readonly [K in keyof Audit]: Audit[K] };
    got.status = 'withdrawn';
    (got.outbox as unknown[]).length = 0;
    expect(audits.peek(TENANT, audit().id)).toEqual(audit());
  });

  it('stores a copy of what it is given', async () => {
    const mine = audit() as { -readonly [K in keyof Audit]: Audit[K] };
    const audits = new InMemoryAudits();
    expect(await audits.create(mine)).toBe(true);
    mine.status = 'finalised';
    expect(audits.peek(TENANT, mine.id).status).toBe('allocated');
  });

  it('creates once', async () => {
    const audits = new InMemoryAudits();
    expect(await audits.create(audit())).toBe(true);
    expect(await audits.create({ ...audit(), status: 'withdrawn' })).toBe(false);
    expect(audits.peek(TENANT, audit().id).status).toBe('allocated');
  });

  it('drops undefined fields, as a JSON document store does', async () => {
    const audits = new InMemoryAudits().seed(anAudit().declined('busy').build());
    const after = await audits.update(TENANT, audit().id, (a) => ({ ...a, declineReason: undefined }));
    expect('declineReason' in after).toBe(false);
  });

  it('writes nothing when change throws, and the error propagates', async () => {
    const audits = new InMemoryAudits().seed(audit());
    await expect(
      audits.update(TENANT, audit().id, () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(audits.peek(TENANT, audit().id)).toEqual(audit());
    expect(audits.writes).toBe(0);
  });

  it('refuses a change that mutates the audit it was given', async () => {
    const audits = new InMemoryAudits().seed(audit());
    await expect(
      audits.update(TENANT, audit().id, (a) => {
        (a as { status: string }).status = 'accepted';
        return a;
      }),
    ).rejects.toThrow(TypeError);
  });

  it('an injected conflict makes change run again, on the other writer’s version', async () => {
    const audits = new InMemoryAudits().seed(audit());
    audits.injectConflict((a) => ({ ...a, caseRef: 'CHANGED-BY-OTHER' }));
    const seen: string[] = [];
    const after = await audits.update(TENANT, audit().id, (a) => {
      seen.push(a.caseRef);
      return { ...a, status: 'accepted' };
    });
    expect(seen).toEqual(['CR-1001', 'CHANGED-BY-OTHER']);
    expect(after).toMatchObject({ caseRef: 'CHANGED-BY-OTHER', status: 'accepted' });
    expect(audits.conflicts).toBe(1);
  });

  it('two concurrent updates both land (neither is lost)', async () => {
    const audits = new InMemoryAudits().seed(anAudit().withHistory().build());
    const note = (event: string) => audits.update(TENANT, audit().id, (a) => ({ ...a, history: [...a.history, { at: 'now', by: 'x', event }] }));
    await Promise.all([note('one'), note('two')]);
    expect(audits.peek(TENANT, audit().id).history.map((h) => h.event).sort()).toEqual(['one', 'two']);
    expect(audits.conflicts).toBe(1);
  });

  it('updating an audit that does not exist is NotFound', async () => {
    await expect(new InMemoryAudits().update(TENANT, 'nope', (a) => a)).rejects.toBeInstanceOf(NotFound);
  });

  it('answers the port’s queries per tenant', async () => {
    const audits = new InMemoryAudits().seed(
      anAudit().forCase('A').withAllocationCard('pending').build(),
      anAudit().forCase('B').withAllocationCard('held').build(),
      anAudit().forCase('C').inTenant('other').withAllocationCard('pending').build(),
    );
    expect((await audits.withDeliveryDue(TENANT, new FakeClock().now(), 10)).map((a) => a.caseRef)).toEqual(['A']);
    expect((await audits.withHeldMessagesFor(TENANT, cast.reviewer.id)).map((a) => a.caseRef)).toEqual(['B']);
    expect((await audits.forCycle(TENANT, '2026-12')).map((a) => a.caseRef)).toEqual(['A', 'B']);
    expect(await audits.forPerson(TENANT, cast.colleague.id)).toEqual([]);
  });

  it('withDeliveryDue: due at or before `now`, earliest first (then by id), at most `limit`', async () => {
    const now = new Date('2026-12-01T12:00:00.000Z');
    const audits = new InMemoryAudits().seed(
      anAudit().forCase('LATE').withAllocationCard('pending', { createdAt: '2026-12-01T11:00:00.000Z' }).build(),
      anAudit().forCase('WAITING').withAllocationCard('pending', { notBefore: '2026-12-01T12:00:00.001Z' }).build(),
      anAudit().forCase('EXACTLY-NOW').withAllocationCard('pending', { notBefore: '2026-12-01T12:00:00.000Z' }).build(),
      anAudit().forCase('EARLY-B').withAllocationCard('pending', { createdAt: '2026-12-01T10:00:00.000Z' }).build(),
      anAudit().forCase('EARLY-A').withAllocationCard('pending', { createdAt: '2026-12-01T10:00:00.000Z' }).build(),
      anAudit().forCase('SENT').withAllocationCard('sent').build(),
    );
    const due = async (limit: number) => (await audits.withDeliveryDue(TENANT, now, limit)).map((a) => a.caseRef);
    expect(await due(10)).toEqual(['EARLY-A', 'EARLY-B', 'LATE', 'EXACTLY-NOW']);
    expect(await due(2)).toEqual(['EARLY-A', 'EARLY-B']);
    await expect(audits.withDeliveryDue(TENANT, now, 0)).rejects.toThrow(RangeError);
  });
});

describe('RecordingMessenger', () => {
  const m = (kind: 'allocation' | 'allocation-update' = 'allocation') => ({ key: 'k', kind, to: cast.reviewer.id, state: 'sending' as const, attempts: 1, createdAt: 'x' });

  it('plays its script in order, then sends', async () => {
    const messenger = new RecordingMessenger().script('blocked', { retry: 500 });
    const conversation = aConversation(cast.reviewer.id);
    const results = [];
    for (let i = 0; i < 3; i += 1) results.push(await messenger.deliver(m(), anAudit().build(), conversation));
    expect(results).toEqual([
      { outcome: 'blocked' },
      { outcome: 'retry', afterMs: 500, reason: 'throttled (429)' },
      { outcome: 'sent', activityId: 'activity-1', conversationId: `conv-${cast.reviewer.id}` },
    ]);
    expect(messenger.deliveries).toHaveLength(3);
    expect(messenger.sent).toHaveLength(1);
  });

  it('an update keeps the earlier card’s activity id', async () => {
    const messenger = new RecordingMessenger();
    const result = await messenger.deliver(m('allocation-update'), anAudit().build(), aConversation(cast.reviewer.id), { activityId: 'a-1', conversationId: 'c-1' });
    expect(result).toEqual({ outcome: 'sent', activityId: 'a-1', conversationId: 'c-1' });
  });
});

describe('FakeClock, SequentialIds, FixedDirectory', () => {
  it('the clock moves only when told', () => {
    const clock = new FakeClock('2026-12-31T23:59:00.000Z');
    expect(clock.iso()).toBe('2026-12-31T23:59:00.000Z');
    clock.advance({ minutes: 2 });
    expect(clock.iso()).toBe('2027-01-01T00:01:00.000Z');
    expect(clock.set('2028-02-29T12:00:00.000Z').iso()).toBe('2028-02-29T12:00:00.000Z');
  });

  it('ids are sequential', () => {
    const ids = new SequentialIds('corr');
    expect([ids.next(), ids.next()]).toEqual(['corr-1', 'corr-2']);
  });

  it('the directory finds people by id, and only in its tenant when it has one', async () => {
    const directory = new FixedDirectory([cast.reviewer], TENANT);
    expect(await directory.get(TENANT, cast.reviewer.id)).toEqual(cast.reviewer);
    expect(await directory.get('other', cast.reviewer.id)).toBeUndefined();
    expect(() => new FixedDirectory([cast.reviewer, cast.reviewer])).toThrow(/duplicate/);
  });
});

describe('InMemoryCycles', () => {
  it('counts submissions per tenant and cycle, one seed each, the same ordinal for an audit asking again', async () => {
    const cycles = new InMemoryCycles(new SequentialIds('seed'));
    expect(await cycles.nextSubmission(TENANT, '2026-12', 'a-1')).toEqual({ ordinal: 1, seed: 'seed-1' });
    expect(await cycles.nextSubmission(TENANT, '2026-12', 'a-2')).toEqual({ ordinal: 2, seed: 'seed-1' });
    expect(await cycles.nextSubmission(TENANT, '2026-12', 'a-1')).toEqual({ ordinal: 1, seed: 'seed-1' });
    expect(await cycles.nextSubmission(TENANT, '2027-01', 'a-1')).toEqual({ ordinal: 1, seed: 'seed-2' });
    expect(await cycles.nextSubmission('other', '2026-12', 'a-1')).toEqual({ ordinal: 1, seed: 'seed-3' });
    expect(cycles.submissions(TENANT, '2026-12')).toBe(2);
  });

  it('concurrent submissions get distinct ordinals; a preset seed is used', async () => {
    const cycles = new InMemoryCycles(new SequentialIds('seed')).withSeed(TENANT, '2026-12', 'chosen');
    const draws = await Promise.all(Array.from({ length: 10 }, (_, i) => cycles.nextSubmission(TENANT, '2026-12', `a-${i}`)));
    expect(draws.map((d) => d.ordinal).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(draws.map((d) => d.seed))).toEqual(new Set(['chosen']));
  });
});

describe('InMemoryAudits.byCaseRef', () => {
  it('finds a case’s audits in one tenant, newest cycle first, the reference upper-cased', async () => {
    const audits = new InMemoryAudits().seed(
      anAudit().forCase('CR-5').inCycle('2026-09').build(),
      anAudit().forCase('CR-5').inCycle('2026-12').build(),
      anAudit().forCase('CR-6').build(),
      anAudit().forCase('CR-5').inTenant('other').build(),
    );
    expect((await audits.byCaseRef(TENANT, 'cr-5')).map((a) => a.cycle)).toEqual(['2026-12', '2026-09']);
  });
});
