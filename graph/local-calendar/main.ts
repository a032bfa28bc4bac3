/**
 * The local Graph-compatible calendar server on its own:
 *
 *   npx tsx graph/local-calendar/main.ts [--port 5990] [--roster demo/roster.yaml] [--https] [--token T]
 *                                        [--throttle 0.1] [--unavailable 0.02] [--lost 0.01] [--retry-after 1]
 *                                        [--concurrency 4] [--latency 5,20] [--seed 42]
 *
 * Then, for example: curl http://127.0.0.1:5990/v1.0/users/sam.patel@example.org/events
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseRoster } from '../roster-directory.js';
import { seedFromRoster } from './seed.js';
import { startLocalCalendar } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5990' },
    host: { type: 'string', default: '127.0.0.1' },
    roster: { type: 'string', default: 'demo/roster.yaml' },
    https: { type: 'boolean', default: false },
    token: { type: 'string' },
    throttle: { type: 'string', default: '0' },
    unavailable: { type: 'string', default: '0' },
    lost: { type: 'string', default: '0' },
    'retry-after': { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '4' },
    latency: { type: 'string', default: '2,8' },
    seed: { type: 'string' },
    weeks: { type: 'string', default: '4' },
  },
});

function num(name: string, text: string | undefined): number {
  const n = Number(text);
  if (text === undefined || Number.isNaN(n)) throw new Error(`--${name} must be a number (got "${text}").`);
  return n;
}

const people = parseRoster(readFileSync(values.roster!, 'utf8'), values.roster!);
const [minLatency, maxLatency = minLatency] = values.latency!.split(',').map((t) => num('latency', t)) as [number, number?];
const graph = await startLocalCalendar({
  port: num('port', values.port),
  host: values.host!,
  https: values.https === true,
  data: seedFromRoster(people, { weeks: num('weeks', values.weeks) }),
  ...(values.token ? { token: values.token } : {}),
  ...(values.seed ? { seed: num('seed', values.seed) } : {}),
  faults: {
    throttleRate: num('throttle', values.throttle),
    unavailableRate: num('unavailable', values.unavailable),
    lostResponseRate: num('lost', values.lost),
    retryAfterSeconds: num('retry-after', values['retry-after']),
    mailboxConcurrency: num('concurrency', values.concurrency),
    latencyMs: [minLatency, maxLatency],
  },
});
const someone = people[1] ?? people[0];
console.log(`Local Graph calendar server: ${graph.url}/v1.0 (${people.length} mailboxes from ${values.roster})`);
if (someone) console.log(`  try: curl ${values.https ? '-k ' : ''}${graph.url}/v1.0/users/${someone.email}/events?\\$top=50`);
console.log(`  stats: ${graph.url}/_stats   cancellations: ${graph.url}/_cancellations`);
const stop = () => void graph.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
