/**
 * Graph adapter tests run the real Graph client against the local calendar server on a free port.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { ResponseType } from '@microsoft/microsoft-graph-client';
import type { Event } from '@microsoft/microsoft-graph-types';
import { GraphCalendar, type GraphCalendarOptions } from '../../graph/graph-calendar.js';
import { createGraphClient, staticTokenProvider } from '../../graph/graph-client.js';
import { type LocalCalendar, type LocalCalendarData, type LocalCalendarFaults, type RosterPerson, seedFromRoster, startLocalCalendar } from '../../graph/local-calendar/index.js';

export const TOKEN = 'test-graph-token';
/** A Monday; the seeded calendars run four weeks from it (the UK clocks go forward on Sunday 29 March). */
export const WEEK = '2026-03-23';

/** n synthetic people in a few teams, each team with a manager. */
export function somePeople(n: number, prefix = 'person'): RosterPerson[] {
  return Array.from({ length: n }, (_, i) => {
    const team = Math.floor(i / 6);
    const num = String(i + 1).padStart(3, '0');
    return {
      id: `00000000-0000-4000-8000-${prefix.length}${num.padStart(11, '0')}`,
      name: `${prefix[0]!.toUpperCase()}${prefix.slice(1)} ${num}`,
      email: `${prefix}.${num}@example.org`,
      team: `Team ${team + 1}`,
      ...(i % 6 !== 0 ? { lineManagerId: `00000000-0000-4000-8000-${prefix.length}${String(team * 6 + 1).padStart(11, '0')}` } : {}),
    };
  });
}

export interface Harness {
  readonly server: LocalCalendar;
  readonly client: Client;
  readonly data: LocalCalendarData;
  calendar(options?: GraphCalendarOptions): GraphCalendar;
  /** Every event in a mailbox, through the Graph client (GET /users/{id}/events), UTC. */
  events(mailbox: string): Promise<Event[]>;
  /** A plain Graph call through the client, answered raw. */
  raw(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown; headers: Headers }>;
  close(): Promise<void>;
}

export async function startHarness(options: { people?: readonly RosterPerson[]; faults?: LocalCalendarFaults; data?: LocalCalendarData; seed?: number } = {}): Promise<Harness> {
  const data = options.data ?? seedFromRoster(options.people ?? somePeople(24), { from: WEEK, weeks: 4 });
  const server = await startLocalCalendar({ port: 0, data, token: TOKEN, ...(options.faults ? { faults: options.faults } : {}), seed: options.seed ?? 7 });
  const client = createGraphClient({ baseUrl: server.url, authProvider: staticTokenProvider(TOKEN) });
  const raw: Harness['raw'] = async (method, path, body) => {
    const request = client.api(path).header('Prefer', 'outlook.timezone="UTC"').responseType(ResponseType.RAW);
    const response: Response = method === 'GET' ? await request.get() : await request.post(body ?? {});
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
  return {
    server,
    client,
    data,
    calendar: (o) => new GraphCalendar(client, o),
    raw,
    async events(mailbox) {
      // The server may be throttling: wait out its Retry-After, so what the test sees is the calendar.
      for (let attempt = 1; ; attempt += 1) {
        const { status, body, headers } = await raw('GET', `/users/${encodeURIComponent(mailbox)}/events?$top=1000`);
        if (status === 200) return (body as { value: Event[] }).value;
        if ((status !== 429 && status !== 503) || attempt >= 50) throw new Error(`GET events for ${mailbox}: HTTP ${status} ${JSON.stringify(body)}`);
        await new Promise((done) => setTimeout(done, 1000 * Number(headers.get('retry-after') ?? 1)));
      }
    },
    close: () => server.close(),
  };
}
