import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the local store in ${dataDir} is already open by process ${pid}` +
        ` (if no such process is running, delete ${join(dataDir, LOCK_FILE)})`,
    );
  }
}

const LOCK_FILE = 'LOCK';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 only checks that the process exists
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims `dataDir` for this process with a lock file holding our pid. A lock left by a process that has
 * died (kill -9 leaves one behind) is stale and taken over. Returns the release function.
 *
 * Two processes taking over the same stale lock at the same instant could both succeed; the fixed port
 * the store listens on is the second guard for that rare case.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' }); // 'wx' fails if the file exists
      return () => {
        if (readPid(path) === process.pid) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readPid(path);
    if (owner !== undefined && isAlive(owner)) throw new DataDirInUse(dataDir, owner);
    rmSync(path, { force: true });
  }
  throw new Error(`Could not lock the local store in ${dataDir}: another process keeps recreating ${path}.`);
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
