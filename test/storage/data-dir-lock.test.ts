import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../storage/embedded-cosmos.js';
import { tempDataDir } from './store-harness.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function dataDir(): string {
  const data = tempDataDir();
  cleanups.push(data.remove);
  return data.dir;
}

async function start(dir: string, port = 0): Promise<EmbeddedCosmos> {
  const store = await startEmbeddedCosmos({ dataDir: dir, port });
  cleanups.push(() => store.close());
  return store;
}

/** The pid of a process that has certainly exited. */
function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(child.pid!));
  });
}

describe('only one process owns a data directory', () => {
  it('a second start on the same directory fails, naming the owner, until the first closes', async () => {
    const dir = dataDir();
    const first = await start(dir);

    await expect(startEmbeddedCosmos({ dataDir: dir, port: 0 })).rejects.toThrow(
      `the local store in ${dir} is already open by process ${process.pid}`,
    );

    await first.close();
    await start(dir);
  });

  it('takes over a lock left behind by a process that died', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'LOCK'), String(await deadPid()));

    const store = await start(dir);

    expect(readFileSync(join(dir, 'LOCK'), 'utf8')).toBe(String(process.pid));
    await store.close();
    expect(existsSync(join(dir, 'LOCK'))).toBe(false);
  });

  it('a port already in use is refused clearly, and the refused directory is left unlocked', async () => {
    const first = await start(dataDir());
    const other = dataDir();

    await expect(startEmbeddedCosmos({ dataDir: other, port: first.port })).rejects.toThrow(/port is in use/);
    expect(existsSync(join(other, 'LOCK'))).toBe(false);
    await start(other);
  });
});
