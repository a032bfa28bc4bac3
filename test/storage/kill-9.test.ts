import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CosmosAudits } from '../../storage/cosmos-audits.js';
import { anAudit, TENANT } from '../fakes/index.js';
import { openStore, tempDataDir, type OpenStore } from './store-harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/write-until-killed.ts', import.meta.url));
/** Enough acknowledged writes that the kill lands in the middle of a steady stream. */
const KILL_AFTER = 40;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface KilledWriter {
  readonly acked: number[];
  readonly signal: NodeJS.Signals | null;
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs the writer and SIGKILLs it as soon as it has reported KILL_AFTER acknowledged writes. */
function runAndKill(dataDir: string): Promise<KilledWriter> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    cleanups.push(() => void (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')));
    const acked: number[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^ack (\d+)$/.exec(line);
      if (!match) return;
      acked.push(Number(match[1]));
      if (acked.length === KILL_AFTER) process.kill(child.pid!, 'SIGKILL');
    });
    child.on('error', reject);
    // 'close' comes after stdout is drained, so `acked` holds every line the child printed.
    child.on('close', (code, signal) => resolve({ acked, code, signal, stderr }));
  });
}

describe('embedded Cosmos store: kill -9', () => {
  it('keeps every acknowledged write when its process is killed mid-stream, and works after restart', async () => {
    const data = tempDataDir();
    cleanups.push(data.remove);

    const writer = await runAndKill(data.dir);

    expect(writer.signal, `writer exited by itself (code ${writer.code}): ${writer.stderr}`).toBe('SIGKILL');
    expect(writer.acked.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(writer.acked).toEqual(writer.acked.map((_, i) => i));

    // The dead writer's lock is stale: this process takes the directory over.
    const store: OpenStore = await openStore(data.dir);
    cleanups.push(() => store.close());
    const audits = new CosmosAudits(store.audits);
    const missing: string[] = [];
    for (const n of writer.acked) {
      if (!(await audits.get(TENANT, anAudit().forCase(`K-${n}`).build().id))) missing.push(`K-${n}`);
    }
    expect(missing).toEqual([]);
    const counter = await audits.get(TENANT, anAudit().forCase('COUNTER').build().id);
    const events = counter!.history.slice(1).map((h) => h.event);
    // Every acknowledged append is there, in order; at most one more was written but never acknowledged.
    expect(events.slice(0, writer.acked.length)).toEqual(writer.acked.map((n) => `write-${n}`));
    expect(events.length - writer.acked.length).toBeLessThanOrEqual(1);

    const after = anAudit().forCase('AFTER-RESTART').build();
    expect(await audits.create(after)).toBe(true);
    expect(await audits.get(TENANT, after.id)).toEqual(after);
  });
});
