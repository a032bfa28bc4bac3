/**
 * Teams' send limits on the sender's side: the sliding windows per conversation and per tenant, Retry-After
 * pauses, bounded memory, and the Messenger decorator that sleeps for the tenant but hands a busy conversation's
 * message back. All on a timer the test moves: nothing here really sleeps.
 */
import { describe, expect, it } from 'vitest';
import { isPacedRetry, conversationKey, PacedMessenger, type Timer } from '../../bot/delivery/paced-messenger.js';
import { Pacer, TEAMS_CONVERSATION_LIMITS, TEAMS_TENANT_LIMITS, WHOLE_TENANT, type RateLimit } from '../../bot/delivery/pacing.js';
import type { Audit } from '../../workflow/audit.js';
import type { OutboxMessage } from '../../workflow/outbox.js';
import type { Conversation, DeliveryResult, Messenger } from '../../workflow/ports.js';
import { anAudit } from '../fakes/audit-builder.js';
import { aConversation } from '../fakes/conversation-builder.js';

const HOUR = 3_600_000;

/** Time stands still until someone sleeps; a sleep moves it on at once. */
function fakeTimer(start = 0): Timer & { readonly slept: number[]; advance(ms: number): void } {
  let t = start;
  const slept: number[] = [];
  return {
    slept,
    nowMs: () => t,
    sleep: async (ms: number) => {
      slept.push(ms);
      t += Math.max(0, ms);
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

interface Call {
  readonly at: number;
  readonly key: string;
  readonly personId: string;
}

/** Records every send with the fake time it was made at; answers `sent` unless told otherwise. */
class RecordingMessenger implements Messenger {
  readonly calls: Call[] = [];
  constructor(
    private readonly timer: Timer,
    private readonly answer: (call: Call) => DeliveryResult = (call) => ({ outcome: 'sent', activityId: `a-${call.at}`, conversationId: call.key }),
  ) {}

  async deliver(_message: OutboxMessage, _audit: Audit, conversation: Conversation): Promise<DeliveryResult> {
    const call = { at: this.timer.nowMs(), key: conversationKey(conversation), personId: conversation.personId };
    this.calls.push(call);
    return this.answer(call);
  }
}

const audit = anAudit().build();
const message = (to: string): OutboxMessage => ({ key: `allocation:${to}`, kind: 'allocation', to, state: 'sending', attempts: 1, createdAt: '2026-12-01T09:00:00.000Z' });
const person = (i: number) => `p-${String(i).padStart(4, '0')}`;

/** The most sends in any closed window of `perMs`, checking the window that starts at every send. */
function mostInAnyWindow(times: readonly number[], perMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start += 1) {
    while (end < sorted.length && sorted[end]! - sorted[start]! <= perMs) end += 1;
    most = Math.max(most, end - start);
  }
  return most;
}

/** Sends `n` times to one conversation as fast as the pacer allows; returns the send times. */
function sendGreedily(pacer: Pacer, id: string, n: number, start = 0): number[] {
  const times: number[] = [];
  let t = start;
  for (let i = 0; i < n; i += 1) {
    t += pacer.waitMs(id, t);
    expect(pacer.waitMs(id, t)).toBe(0);
    pacer.record(id, t);
    times.push(t);
  }
  return times;
}

describe('the limits as data', () => {
  it("are Microsoft's published ones, frozen", () => {
    expect(TEAMS_CONVERSATION_LIMITS).toEqual([
      { count: 7, perMs: 1_000 },
      { count: 8, perMs: 2_000 },
      { count: 60, perMs: 30_000 },
      { count: 1_800, perMs: HOUR },
    ]);
    expect(TEAMS_TENANT_LIMITS).toEqual([{ count: 50, perMs: 1_000 }]);
    expect(Object.isFrozen(TEAMS_CONVERSATION_LIMITS) && Object.isFrozen(TEAMS_CONVERSATION_LIMITS[0])).toBe(true);
  });

  it('refuses a limit that could never let anything through', () => {
    expect(() => new Pacer({ conversationLimits: [{ count: 0, perMs: 1000 }] })).toThrow(RangeError);
    expect(() => new Pacer({ tenantLimits: [{ count: 5, perMs: 0 }] })).toThrow(RangeError);
  });
});

describe('Pacer, one conversation', () => {
  it('lets 7 go in the same instant and makes the 8th wait until the first has left the 1 s window', () => {
    const pacer = new Pacer();
    for (let i = 0; i < 7; i += 1) {
      expect(pacer.waitMs('c', 0)).toBe(0);
      pacer.record('c', 0);
    }
    expect(pacer.waitMs('c', 0)).toBe(1_001);
    expect(pacer.waitMs('c', 400)).toBe(601);
    expect(pacer.waitMs('c', 1_000)).toBe(1);
    expect(pacer.waitMs('c', 1_001)).toBe(0);
    // The tenant is not the reason: another conversation may send at once.
    expect(pacer.waitMs('other', 0)).toBe(0);
  });

  // [limit, how many greedy sends to make, which send (0-based) is the first that has to wait out this limit, when it goes]
  it.each<[string, RateLimit, number, number]>([
    ['7 per second', { count: 7, perMs: 1_000 }, 7, 1_001],
    ['8 per 2 seconds', { count: 8, perMs: 2_000 }, 8, 2_001],
    ['60 per 30 seconds', { count: 60, perMs: 30_000 }, 60, 30_001],
    ['1,800 per hour', { count: 1_800, perMs: HOUR }, 1_800, HOUR + 1],
  ])('%s: as fast as allowed, never more in any window, and the first send over waits for the oldest to leave', (_, limit, over, at) => {
    const times = sendGreedily(new Pacer(), 'c', over + 1);
    expect(times[over]).toBe(at);
    // Every window of every limit, not only the one under test: the greedy schedule is shaped by all of them.
    for (const l of TEAMS_CONVERSATION_LIMITS) expect(mostInAnyWindow(times, l.perMs), `${l.count} per ${l.perMs} ms`).toBeLessThanOrEqual(l.count);
    // And it is tight: the window under test is full.
    expect(mostInAnyWindow(times, limit.perMs)).toBe(limit.count);
  });

  it('is not over-cautious: 1,800 sends take the 15 minutes the 60-per-30-s window allows, not an hour', () => {
    const times = sendGreedily(new Pacer(), 'c', 1_800);
    expect(times.at(-1)).toBeLessThan(15 * 60_000);
    expect(times.at(-1)).toBeGreaterThanOrEqual(29 * 30_000);
  });
});

describe('Pacer, the tenant', () => {
  it('allows 50 a second across many conversations: 120 sends to 120 people take 2 s, never 51 in any second', () => {
    const pacer = new Pacer();
    const times: number[] = [];
    let t = 0;
    for (let i = 0; i < 120; i += 1) {
      t += pacer.waitMs(person(i), t);
      pacer.record(person(i), t);
      times.push(t);
    }
    expect(times.at(-1)).toBeGreaterThanOrEqual(2_000);
    expect(mostInAnyWindow(times, 1_000)).toBe(50);
    expect(pacer.tenantWaitMs(t)).toBe(0);
    expect(pacer.conversationWaitMs(person(0), 0)).toBe(0);
  });
});

describe('Pacer, pauses', () => {
  it('holds back a paused conversation until the pause ends, never shortening it', () => {
    const pacer = new Pacer();
    pacer.pause('c', 5_000);
    pacer.pause('c', 2_000);
    expect(pacer.waitMs('c', 1_000)).toBe(4_000);
    expect(pacer.waitMs('other', 1_000)).toBe(0);
    expect(pacer.waitMs('c', 5_000)).toBe(0);
  });

  it('holds back every conversation when the whole tenant is paused', () => {
    const pacer = new Pacer();
    pacer.pause(WHOLE_TENANT, 3_000);
    expect(pacer.waitMs('a', 0)).toBe(3_000);
    expect(pacer.waitMs('b', 2_500)).toBe(500);
    expect(pacer.conversationWaitMs('a', 0)).toBe(0);
    expect(pacer.waitMs('a', 3_000)).toBe(0);
  });

  it('takes whichever is longer, the pause or the windows', () => {
    const pacer = new Pacer();
    for (let i = 0; i < 7; i += 1) pacer.record('c', 0);
    pacer.pause('c', 500);
    expect(pacer.waitMs('c', 0)).toBe(1_001);
    pacer.pause('c', 9_000);
    expect(pacer.waitMs('c', 0)).toBe(9_000);
  });
});

describe('Pacer, memory', () => {
  it('forgets conversations with no send in the last hour, and keeps those with one', () => {
    const pacer = new Pacer();
    let t = 0;
    for (let i = 0; i < 10_000; i += 1) {
      t += pacer.waitMs(person(i), t);
      pacer.record(person(i), t);
    }
    // 10,000 people at 50 a second: 200 s, all within the hour, all still counted.
    expect(pacer.footprint().conversations).toBe(10_000);
    pacer.record('late', t + HOUR - 100_000);
    expect(pacer.footprint().conversations).toBeGreaterThan(1);
    pacer.record('later', t + HOUR + 1);
    expect(pacer.footprint()).toEqual({ conversations: 2, sendTimes: 3, pauses: 0 });
    expect(pacer.waitMs(person(0), t + HOUR + 1)).toBe(0);
  });

  it("keeps only the last hour of a busy conversation's sends", () => {
    const pacer = new Pacer();
    sendGreedily(pacer, 'c', 6_000);
    const { sendTimes, conversations } = pacer.footprint();
    expect(conversations).toBe(1);
    expect(sendTimes).toBeLessThanOrEqual(1_800 + 50);
  });

  it('sweeps expired pauses, so a storm of 429s does not pile them up', () => {
    const pacer = new Pacer();
    for (let i = 0; i < 5_000; i += 1) pacer.pause(person(i), 1_000);
    pacer.pause('still-paused', 60_000);
    pacer.record('someone', 2_000);
    expect(pacer.footprint().pauses).toBe(1);
    expect(pacer.waitMs('still-paused', 2_000)).toBe(58_000);
  });
});

describe('conversationKey', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['the Teams conversation id', { conversation: { id: 'a:1xyz' }, serviceUrl: 'https://smba.example.test/' }, 'a:1xyz'],
    ['the person, with no conversation in the reference', { serviceUrl: 'https://smba.example.test/' }, 'p-1'],
    ['the person, when the id is not a string', { conversation: { id: 42 } }, 'p-1'],
    ['the person, when the id is empty', { conversation: { id: '' } }, 'p-1'],
  ])('is %s', (_, reference, key) => {
    expect(conversationKey({ ...aConversation('p-1'), reference })).toBe(key);
  });
});

describe('PacedMessenger', () => {
  it("blocks briefly for one conversation's short windows, then hands the message back instead of blocking", async () => {
    const timer = fakeTimer();
    const inner = new RecordingMessenger(timer);
    const messenger = new PacedMessenger(inner, new Pacer(), timer);
    const results: DeliveryResult[] = [];
    for (let i = 0; i < 70; i += 1) results.push(await messenger.deliver(message('p-1'), audit, aConversation('p-1')));

    // 60 sent (the 30 s window), then the rest handed back at once, each saying how long to wait.
    expect(results.filter((r) => r.outcome === 'sent')).toHaveLength(60);
    expect(inner.calls).toHaveLength(60);
    const handedBack = results.slice(60);
    for (const r of handedBack) {
      expect(isPacedRetry(r)).toBe(true);
      expect(r).toMatchObject({ outcome: 'retry', reason: expect.stringMatching(/^paced: /) });
      if (r.outcome === 'retry') expect(r.afterMs).toBe(inner.calls[0]!.at + 30_001 - timer.nowMs());
    }
    // It slept only for the 1 s and 2 s windows, never longer than the bound, and not at all once handing back.
    expect(Math.max(...timer.slept)).toBeLessThanOrEqual(1_001);
    expect(timer.slept.length).toBeGreaterThan(0);
    const at = inner.calls.map((c) => c.at);
    for (const l of TEAMS_CONVERSATION_LIMITS) expect(mostInAnyWindow(at, l.perMs)).toBeLessThanOrEqual(l.count);
  });

  it('blocks for the conversation no longer than told to', async () => {
    const timer = fakeTimer();
    const inner = new RecordingMessenger(timer);
    const messenger = new PacedMessenger(inner, new Pacer(), timer, { maxBlockMs: 0 });
    for (let i = 0; i < 7; i += 1) await messenger.deliver(message('p-1'), audit, aConversation('p-1'));
    expect(await messenger.deliver(message('p-1'), audit, aConversation('p-1'))).toMatchObject({ outcome: 'retry', afterMs: 1_001 });
    expect(timer.slept).toEqual([]);
    expect(inner.calls).toHaveLength(7);
  });

  it('does not hold up others behind a busy conversation', async () => {
    const timer = fakeTimer();
    const inner = new RecordingMessenger(timer);
    const messenger = new PacedMessenger(inner, new Pacer(), timer);
    for (let i = 0; i < 61; i += 1) await messenger.deliver(message('busy'), audit, aConversation('busy'));
    const before = timer.nowMs();
    expect(await messenger.deliver(message('quiet'), audit, aConversation('quiet'))).toMatchObject({ outcome: 'sent' });
    expect(timer.nowMs()).toBe(before);
  });

  it('sleeps out the tenant window: 120 messages to 120 people, all sent, 50 a second at most', async () => {
    const timer = fakeTimer();
    const inner = new RecordingMessenger(timer);
    const messenger = new PacedMessenger(inner, new Pacer(), timer);
    for (let i = 0; i < 120; i += 1) {
      expect(await messenger.deliver(message(person(i)), audit, aConversation(person(i)))).toMatchObject({ outcome: 'sent' });
    }
    const at = inner.calls.map((c) => c.at);
    expect(timer.nowMs()).toBeGreaterThanOrEqual(2_000);
    expect(mostInAnyWindow(at, 1_000)).toBeLessThanOrEqual(50);
    expect(timer.slept).toEqual([1_001, 1_001]);
  });

  it('keys on the Teams conversation id: two people in one conversation share its windows', async () => {
    const timer = fakeTimer();
    const inner = new RecordingMessenger(timer);
    const messenger = new PacedMessenger(inner, new Pacer(), timer);
    const shared = (p: string): Conversation => ({ ...aConversation(p), reference: { conversation: { id: 'a:shared' } } });
    for (let i = 0; i < 7; i += 1) await messenger.deliver(message('p-a'), audit, shared(i % 2 ? 'p-a' : 'p-b'));
    expect(timer.slept).toEqual([]);
    await messenger.deliver(message('p-b'), audit, shared('p-b'));
    expect(timer.slept).toEqual([1_001]);
  });

  it("after a 429 pauses that conversation for the Retry-After, sending nothing to it until then, others unaffected", async () => {
    const timer = fakeTimer();
    let throttle = true;
    const inner = new RecordingMessenger(timer, (call) => {
      if (call.personId === 'p-1' && throttle) {
        throttle = false;
        return { outcome: 'retry', afterMs: 5_000, reason: 'throttled (429)' };
      }
      return { outcome: 'sent', activityId: 'x', conversationId: call.key };
    });
    const messenger = new PacedMessenger(inner, new Pacer(), timer);
    expect(await messenger.deliver(message('p-1'), audit, aConversation('p-1'))).toMatchObject({ outcome: 'retry', reason: 'throttled (429)' });

    timer.advance(1_000);
    const again = await messenger.deliver(message('p-1'), audit, aConversation('p-1'));
    expect(isPacedRetry(again)).toBe(true);
    expect(again).toMatchObject({ outcome: 'retry', afterMs: 4_000 });
    expect(inner.calls).toHaveLength(1);
    expect(await messenger.deliver(message('p-2'), audit, aConversation('p-2'))).toMatchObject({ outcome: 'sent' });

    timer.advance(4_000);
    expect(await messenger.deliver(message('p-1'), audit, aConversation('p-1'))).toMatchObject({ outcome: 'sent' });
    expect(timer.slept).toEqual([]);
  });

  it.each<[string, DeliveryResult]>([
    ['a 503', { outcome: 'retry', afterMs: 5_000, reason: 'connector answered 503' }],
    ['a refusal', { outcome: 'failed', reason: 'the connector refused the message (400)' }],
    ['a block', { outcome: 'blocked' }],
  ])('does not pause the conversation after %s', async (_, answer) => {
    const timer = fakeTimer();
    const inner = new RecordingMessenger(timer, () => answer);
    const messenger = new PacedMessenger(inner, new Pacer(), timer);
    expect(await messenger.deliver(message('p-1'), audit, aConversation('p-1'))).toEqual(answer);
    expect(await messenger.deliver(message('p-1'), audit, aConversation('p-1'))).toEqual(answer);
    expect(inner.calls).toHaveLength(2);
  });

  it('waits out a short tenant pause, and hands back rather than sit out a long one', async () => {
    const timer = fakeTimer();
    const pacer = new Pacer();
    const inner = new RecordingMessenger(timer);
    const messenger = new PacedMessenger(inner, pacer, timer);
    pacer.pause(WHOLE_TENANT, 3_000);
    expect(await messenger.deliver(message('p-1'), audit, aConversation('p-1'))).toMatchObject({ outcome: 'sent' });
    expect(timer.slept).toEqual([3_000]);

    pacer.pause(WHOLE_TENANT, timer.nowMs() + 60_000);
    const result = await messenger.deliver(message('p-2'), audit, aConversation('p-2'));
    expect(result).toMatchObject({ outcome: 'retry', afterMs: 60_000, paced: true });
    expect(inner.calls).toHaveLength(1);
    expect(timer.slept).toEqual([3_000]);
  });

  it('hands back rather than spin when the timer never moves time', async () => {
    const frozen: Timer = { nowMs: () => 0, sleep: async () => undefined };
    const pacer = new Pacer();
    for (let i = 0; i < 50; i += 1) pacer.record(person(i), 0);
    const inner = new RecordingMessenger(frozen);
    const result = await new PacedMessenger(inner, pacer, frozen).deliver(message('p-1'), audit, aConversation('p-1'));
    expect(isPacedRetry(result)).toBe(true);
    expect(inner.calls).toHaveLength(0);
  });
});
