/**
 * Sending Graph requests politely: every request (plain, or inside `$batch`) takes its mailbox's permits from the
 * `MailboxThrottle` (4 in flight, 10,000 per 10 minutes), and every throttled or failed request is retried here.
 *
 * - **Retry-After** on a 429 or 503 is honoured exactly, for that request and (as a pause) for every request to
 *   the same mailbox. Without one (a 504, a dropped connection), the wait is exponential with jitter.
 * - **`$batch`** is built as raw JSON (`{requests:[{id,method,url,headers,body}]}`, URLs relative to the version:
 *   the SDK's BatchRequestContent puts "/v1.0" into them on Node, which Graph refuses). A batch holds at most 20
 *   requests and at most 4 per mailbox; the inner requests that come back 429/503/504 are retried by us, each no
 *   sooner than its own Retry-After (the SDK never retries inside a batch), batched again with whatever else is
 *   due by then.
 * - What is retried: 429, 503, 504 and network failures. A POST is retried too, which is safe because every POST
 *   the adapter sends is idempotent: event creation carries a `transactionId`, and a repeated cancel finds nothing
 *   to cancel (`StepResult.ambiguous` tells the caller an earlier attempt may have gone through).
 */
import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import { TokenUnavailable } from './graph-client.js';
import { type Clock, type MailboxThrottle, realClock } from './throttle.js';

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface GraphStep {
  /** Unique within one `run`. */
  readonly id: string;
  /** The mailbox the request works on: its permits are taken. */
  readonly mailbox: string;
  readonly method: GraphMethod;
  /** Relative to the version: "/users/alex%40example.org/events". */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface StepResult {
  /** The last answer's status; 0 when the last attempt got no answer at all. */
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly attempts: number;
  /** An earlier attempt failed in a way that does not prove it was not carried out (503, 504, no answer). */
  readonly ambiguous: boolean;
}

export interface RetryPolicy {
  /** Attempts per request, the first included. Default 10. */
  readonly maxAttempts: number;
  /** A Retry-After longer than this is not waited for: the request fails with the 429. Default 60 s. */
  readonly maxRetryAfterMs: number;
  /** First wait when there is no Retry-After; doubled each time, with jitter. Default 500 ms. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  /** Per HTTP request. Default 30 s. */
  readonly timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 10,
  maxRetryAfterMs: 60_000,
  backoffMs: 500,
  maxBackoffMs: 30_000,
  timeoutMs: 30_000,
});

export const MAX_BATCH_STEPS = 20;

export interface RequestStats {
  /** HTTP requests sent, `$batch` envelopes included. */
  httpRequests: number;
  batches: number;
  /** Requests sent inside `$batch` envelopes (each attempt counted). */
  batchedSteps: number;
  /** Re-sends of a request after a 429, 503, 504 or no answer. */
  retries: number;
  /** 429s received (plain and inside batches). */
  throttled: number;
  /** 503s, 504s and requests with no answer. */
  failures: number;
}

interface Pending {
  readonly step: GraphStep;
  attempts: number;
  ambiguous: boolean;
  notBefore: number;
}

type Outcome = { readonly kind: 'done'; readonly status: number; readonly headers: Record<string, string>; readonly body: unknown } | { readonly kind: 'retry'; readonly status: number; readonly headers: Record<string, string>; readonly body: unknown; readonly waitMs: number | undefined; readonly ambiguous: boolean };

const RETRYABLE = new Set([429, 503, 504]);

/** Retry-After in ms: delta-seconds (fractions accepted) or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function lowerCaseHeaders(headers: Headers | Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (headers instanceof Headers) headers.forEach((v, k) => (out[k.toLowerCase()] = v));
  else for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = String(v);
  return out;
}

export class GraphRequester {
  readonly stats: RequestStats = { httpRequests: 0, batches: 0, batchedSteps: 0, retries: 0, throttled: 0, failures: 0 };
  private readonly policy: RetryPolicy;

  constructor(
    private readonly client: Client,
    private readonly throttle: MailboxThrottle,
    policy: Partial<RetryPolicy> = {},
    private readonly clock: Clock = realClock,
    private readonly random: () => number = Math.random,
  ) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...policy };
  }

  async one(step: GraphStep): Promise<StepResult> {
    return (await this.run([step])).get(step.id)!;
  }

  /**
   * Sends every step, retrying as the module comment says, and gives each step's final result (success or the
   * last failure). Several steps go out as `$batch` envelopes; a single one as a plain request.
   */
  async run(steps: readonly GraphStep[]): Promise<Map<string, StepResult>> {
    const ids = new Set(steps.map((s) => s.id));
    if (ids.size !== steps.length) throw new RangeError('Graph steps need unique ids.');
    const results = new Map<string, StepResult>();
    let pending: Pending[] = steps.map((step) => ({ step, attempts: 0, ambiguous: false, notBefore: 0 }));
    while (pending.length > 0) {
      const now = this.clock.now();
      const readyAt = (p: Pending) => Math.max(p.notBefore, this.throttle.blockedUntil(p.step.mailbox));
      const ready = pending.filter((p) => readyAt(p) <= now);
      if (ready.length === 0) {
        await this.clock.sleep(Math.min(...pending.map(readyAt)) - now);
        continue;
      }
      const groups = this.pack(ready);
      const sent = new Set(groups.flat());
      pending = pending.filter((p) => !sent.has(p));
      const outcomes = await Promise.all(groups.map((g) => (g.length === 1 ? this.sendOne(g[0]!).then((o) => [o]) : this.sendBatch(g))));
      groups.forEach((group, gi) =>
        group.forEach((p, i) => {
          const outcome = outcomes[gi]![i]!;
          p.attempts += 1;
          if (outcome.kind === 'retry') {
            const waitMs = outcome.waitMs ?? this.backoff(p.attempts);
            if (p.attempts < this.policy.maxAttempts && waitMs <= this.policy.maxRetryAfterMs) {
              p.ambiguous ||= outcome.ambiguous;
              p.notBefore = this.clock.now() + waitMs;
              this.stats.retries += 1;
              pending.push(p);
              return;
            }
          }
          results.set(p.step.id, {
            status: outcome.status,
            headers: outcome.headers,
            body: outcome.body,
            attempts: p.attempts,
            ambiguous: p.ambiguous,
          });
        }),
      );
    }
    return results;
  }

  /** Groups of at most 20, with at most `concurrency` requests per mailbox in each. */
  private pack(ready: readonly Pending[]): Pending[][] {
    const groups: { items: Pending[]; perMailbox: Map<string, number> }[] = [];
    for (const p of ready) {
      const key = p.step.mailbox.trim().toLowerCase();
      let group = groups.find((g) => g.items.length < MAX_BATCH_STEPS && (g.perMailbox.get(key) ?? 0) < this.throttle.concurrency);
      if (!group) groups.push((group = { items: [], perMailbox: new Map() }));
      group.items.push(p);
      group.perMailbox.set(key, (group.perMailbox.get(key) ?? 0) + 1);
    }
    return groups.map((g) => g.items);
  }

  private backoff(attempt: number): number {
    const base = Math.min(this.policy.maxBackoffMs, this.policy.backoffMs * 2 ** (attempt - 1));
    return base / 2 + (base / 2) * this.random();
  }

  /** What to do with one answer (plain, or inside a batch). */
  private outcome(mailbox: string, status: number, headers: Record<string, string>, body: unknown): Outcome {
    if (status === 0 || RETRYABLE.has(status)) {
      if (status === 429) this.stats.throttled += 1;
      else this.stats.failures += 1;
      const waitMs = retryAfterMs(headers['retry-after'], this.clock.now());
      if (waitMs !== undefined && (status === 429 || status === 503)) this.throttle.block(mailbox, this.clock.now() + waitMs);
      return { kind: 'retry', status, headers, body, waitMs, ambiguous: status !== 429 };
    }
    return { kind: 'done', status, headers, body };
  }

  private async http(method: GraphMethod, url: string, headers: Readonly<Record<string, string>> | undefined, body: unknown): Promise<{ status: number; headers: Record<string, string>; body: unknown }> {
    this.stats.httpRequests += 1;
    try {
      const request = this.client
        .api(url)
        .headers({ ...(headers ?? {}) })
        .option('signal', AbortSignal.timeout(this.policy.timeoutMs))
        .responseType(ResponseType.RAW);
      const response: Response =
        method === 'GET' ? await request.get() : method === 'POST' ? await request.post(body ?? {}) : method === 'PATCH' ? await request.patch(body ?? {}) : await request.delete();
      const text = await response.text();
      let parsed: unknown;
      if (text) {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
      }
      return { status: response.status, headers: lowerCaseHeaders(response.headers), body: parsed };
    } catch (error) {
      // A credential problem: nothing was sent, and retrying will not help.
      if (error instanceof TokenUnavailable) return { status: 401, headers: {}, body: { error: { code: 'TokenUnavailable', message: error.message } } };
      // No answer (connection refused or reset, timeout): nothing says whether the server acted.
      return { status: 0, headers: {}, body: { error: { code: 'NoResponse', message: (error as Error).message } } };
    }
  }

  private async sendOne(p: Pending): Promise<Outcome> {
    const release = await this.throttle.acquire(new Map([[p.step.mailbox, 1]]));
    let answer;
    try {
      answer = await this.http(p.step.method, p.step.url, p.step.headers, p.step.body);
    } finally {
      release();
    }
    return this.outcome(p.step.mailbox, answer.status, answer.headers, answer.body);
  }

  private async sendBatch(group: readonly Pending[]): Promise<Outcome[]> {
    const counts = new Map<string, number>();
    for (const p of group) counts.set(p.step.mailbox, (counts.get(p.step.mailbox) ?? 0) + 1);
    const payload = {
      requests: group.map((p) => ({
        id: p.step.id,
        method: p.step.method,
        url: p.step.url,
        ...(p.step.body !== undefined ? { headers: { 'Content-Type': 'application/json', ...(p.step.headers ?? {}) }, body: p.step.body } : p.step.headers ? { headers: p.step.headers } : {}),
      })),
    };
    const release = await this.throttle.acquire(counts);
    let answer;
    try {
      this.stats.batches += 1;
      this.stats.batchedSteps += group.length;
      answer = await this.http('POST', '/$batch', undefined, payload);
    } finally {
      release();
    }
    if (answer.status !== 200) {
      // The envelope failed as a whole: every request in it shares its fate (and its Retry-After).
      return group.map((p) => this.outcome(p.step.mailbox, answer.status, answer.headers, answer.body));
    }
    const responses = (answer.body as { responses?: { id?: string; status?: number; headers?: Record<string, unknown>; body?: unknown }[] } | undefined)?.responses ?? [];
    const byId = new Map(responses.map((r) => [String(r.id), r]));
    return group.map((p) => {
      const r = byId.get(p.step.id);
      if (!r || typeof r.status !== 'number') return this.outcome(p.step.mailbox, 0, {}, { error: { code: 'NoResponse', message: 'The batch answer left this request out.' } });
      return this.outcome(p.step.mailbox, r.status, lowerCaseHeaders(r.headers), r.body);
    });
  }
}
