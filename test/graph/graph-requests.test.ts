/**
 * Retries and `$batch`, exactly: the real Graph client with a scripted transport at the end of the middleware
 * chain, on a clock the test moves, so each Retry-After can be checked to the millisecond.
 */
import { describe, expect, it } from 'vitest';
import { Client, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { BearerTokenHandler, staticTokenProvider } from '../../graph/graph-client.js';
import { GraphRequester, type GraphStep } from '../../graph/graph-requests.js';
import { type Clock, MailboxThrottle } from '../../graph/throttle.js';
import { manualClock } from './manual-clock.js';

interface Sent {
  readonly at: number;
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

type Answer = { status: number; headers?: Record<string, string>; body?: unknown };

/** The last link of the chain: records each request and answers it with `answer`. */
class ScriptedTransport implements Middleware {
  readonly sent: Sent[] = [];
  constructor(
    private readonly clock: Clock,
    private readonly answer: (request: Sent) => Answer,
  ) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((context.options?.headers ?? {}) as Record<string, string>)) headers[k.toLowerCase()] = v;
    const raw = context.options?.body;
    const sent: Sent = { at: this.clock.now(), method: context.options?.method ?? 'GET', url, headers, body: typeof raw === 'string' ? JSON.parse(raw) : undefined };
    this.sent.push(sent);
    const a = this.answer(sent);
    context.response = new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status, headers: { 'content-type': 'application/json', ...(a.headers ?? {}) } });
  }
}

function setup(answer: (request: Sent) => Answer, policy = {}) {
  const clock = manualClock(0);
  const transport = new ScriptedTransport(clock, answer);
  const auth = new BearerTokenHandler(staticTokenProvider('t0k3n'), new Set(['https://graph.example']));
  auth.setNext(transport);
  const client = Client.initWithMiddleware({ baseUrl: 'https://graph.example', defaultVersion: 'v1.0', middleware: auth });
  const requester = new GraphRequester(client, new MailboxThrottle({}, clock), policy, clock, () => 0.5);
  return { clock, transport, requester, client };
}

const get = (id: string, mailbox: string): GraphStep => ({ id, mailbox, method: 'GET', url: `/users/${mailbox}/mailboxSettings` });

type BatchBody = { requests: { id: string; url: string }[] };
const ok = (id: string) => ({ id, status: 200, headers: { 'Content-Type': 'application/json' }, body: { id } });

describe('GraphRequester', () => {
  it('retries each request throttled inside $batch no sooner than its own Retry-After', async () => {
    const { transport, requester } = setup((req) => {
      if (req.url.endsWith('/$batch')) {
        return {
          status: 200,
          body: {
            responses: [
              ok('1'),
              { id: '2', status: 429, headers: { 'Retry-After': '2' }, body: { error: { code: 'TooManyRequests' } } },
              { id: '3', status: 429, headers: { 'Retry-After': '5' }, body: { error: { code: 'TooManyRequests' } } },
            ],
          },
        };
      }
      return { status: 200, body: { url: req.url } };
    });

    const results = await requester.run([get('1', 'a@x.org'), get('2', 'b@x.org'), get('3', 'c@x.org')]);

    expect(transport.sent.map((s) => [s.at, s.method, s.url])).toEqual([
      [0, 'POST', 'https://graph.example/v1.0/$batch'],
      [2000, 'GET', 'https://graph.example/v1.0/users/b@x.org/mailboxSettings'],
      [5000, 'GET', 'https://graph.example/v1.0/users/c@x.org/mailboxSettings'],
    ]);
    // Raw JSON, with URLs relative to the version.
    expect((transport.sent[0]!.body as BatchBody).requests.map((r) => r.url)).toEqual(['/users/a@x.org/mailboxSettings', '/users/b@x.org/mailboxSettings', '/users/c@x.org/mailboxSettings']);
    expect([...results.values()].map((r) => [r.status, r.attempts])).toEqual([
      [200, 1],
      [200, 2],
      [200, 2],
    ]);
    expect(requester.stats).toMatchObject({ httpRequests: 3, batches: 1, batchedSteps: 3, retries: 2, throttled: 2 });
  });

  it('batches again what is due together, and a 503 envelope retries everything in it', async () => {
    let envelopes = 0;
    const { transport, requester } = setup((req) => {
      const body = req.body as BatchBody;
      envelopes += 1;
      if (envelopes === 1) return { status: 503, headers: { 'retry-after': '1' }, body: { error: { code: 'ServiceUnavailable' } } };
      if (envelopes === 2) return { status: 200, body: { responses: body.requests.map((r) => (r.id === '1' ? ok('1') : { id: r.id, status: 429, headers: { 'retry-after': '3' } })) } };
      return { status: 200, body: { responses: body.requests.map((r) => ok(r.id)) } };
    });

    const results = await requester.run([get('1', 'a@x.org'), get('2', 'b@x.org'), get('3', 'c@x.org')]);

    expect(transport.sent.map((s) => [s.at, (s.body as BatchBody).requests.map((r) => r.id)])).toEqual([
      [0, ['1', '2', '3']],
      [1000, ['1', '2', '3']],
      [4000, ['2', '3']],
    ]);
    expect([...results.values()].every((r) => r.status === 200)).toBe(true);
    expect(results.get('1')!.ambiguous).toBe(true);
  });

  it('packs at most 20 requests per batch and at most 4 per mailbox', async () => {
    const { transport, requester } = setup((req) => ({ status: 200, body: { responses: (req.body as BatchBody).requests.map((r) => ok(r.id)) } }));
    const steps = [...Array.from({ length: 10 }, (_, i) => get(`a${i}`, 'a@x.org')), ...Array.from({ length: 26 }, (_, i) => get(`o${i}`, `other${i}@x.org`))];

    const results = await requester.run(steps);

    expect(results.size).toBe(36);
    const batches = transport.sent.map((s) => (s.body as BatchBody).requests);
    expect(batches.flat()).toHaveLength(36);
    for (const b of batches) {
      expect(b.length).toBeLessThanOrEqual(20);
      expect(b.filter((r) => r.url.startsWith('/users/a@x.org/')).length).toBeLessThanOrEqual(4);
    }
  });

  it('gives up after the last attempt, or at once when Retry-After is longer than it will wait', async () => {
    const { requester, transport } = setup(() => ({ status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'TooManyRequests' } } }), { maxAttempts: 3 });
    const r = await requester.one(get('1', 'a@x.org'));
    expect([r.status, r.attempts, transport.sent.length]).toEqual([429, 3, 3]);

    const long = setup(() => ({ status: 429, headers: { 'retry-after': '3600' } }), { maxRetryAfterMs: 60_000 });
    const r2 = await long.requester.one(get('1', 'a@x.org'));
    expect([r2.status, r2.attempts]).toEqual([429, 1]);
  });

  it('without Retry-After, backs off exponentially on 504 and marks the outcome ambiguous', async () => {
    let n = 0;
    const { transport, requester } = setup(() => (++n < 4 ? { status: 504 } : { status: 201, body: { id: 'e1' } }), { backoffMs: 400 });
    const r = await requester.one({ id: 'x', mailbox: 'a@x.org', method: 'POST', url: '/users/a@x.org/events', body: { transactionId: 't' } });
    // Jitter is fixed at 0.5 here: waits of 300, 600 and 1200 ms (half the base plus half of it again).
    expect(transport.sent.map((s) => s.at)).toEqual([0, 300, 900, 2100]);
    expect([r.status, r.attempts, r.ambiguous]).toEqual([201, 4, true]);
    expect(transport.sent.every((s) => (s.body as { transactionId: string }).transactionId === 't')).toBe(true);
  });

  it('does not retry what Graph refused for good', async () => {
    const { transport, requester } = setup(() => ({ status: 400, body: { error: { code: 'ErrorInvalidRequest' } } }));
    const r = await requester.one(get('1', 'a@x.org'));
    expect([r.status, r.attempts, transport.sent.length]).toEqual([400, 1, 1]);
  });
});

describe('BearerTokenHandler', () => {
  it('fails at once, without retrying, when no token can be had', async () => {
    const clock = manualClock(0);
    const transport = new ScriptedTransport(clock, () => ({ status: 200, body: {} }));
    const auth = new BearerTokenHandler({ getAccessToken: async () => Promise.reject(new Error('AADSTS7000215: Invalid client secret provided.')) }, new Set(['https://graph.example']));
    auth.setNext(transport);
    const client = Client.initWithMiddleware({ baseUrl: 'https://graph.example', defaultVersion: 'v1.0', middleware: auth });
    const r = await new GraphRequester(client, new MailboxThrottle({}, clock), {}, clock).one(get('1', 'a@x.org'));
    expect([r.status, r.attempts, transport.sent.length]).toEqual([401, 1, 0]);
    expect(r.body).toMatchObject({ error: { code: 'TokenUnavailable', message: expect.stringContaining('AADSTS7000215') } });
  });

  it('attaches the token to the configured Graph origin only', async () => {
    const { transport, client } = setup(() => ({ status: 200, body: {} }));
    await client.api('/users').get();
    await client.api('https://elsewhere.example/v1.0/users').get();
    expect(transport.sent[0]!.headers['authorization']).toBe('Bearer t0k3n');
    expect(transport.sent[1]!.url).toBe('https://elsewhere.example/v1.0/users');
    expect(transport.sent[1]!.headers['authorization']).toBeUndefined();
  });
});
