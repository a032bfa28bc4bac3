import { mkdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { CastMember } from '../../scripts/playground-config.js';
import type { Audit } from '../../workflow/audit.js';
import { newDataDir, type PlaygroundDriver, startPlayground } from './playground.js';

/**
 * The Playground shows proactive messages to the current user only, so a story with several people stops the
 * product and starts it again on the same store as each of them in turn. Call inside a `describe`: it starts the
 * product as `first` before the tests, keeps the page (PNG and HTML) in `shots` when a test fails, and stops
 * whatever it started, even a start that outlived its step, then removes the store.
 */
export function playgroundCast(options: { shots: string; first: CastMember; caseRef: string; profile?: string }) {
  let pg: PlaygroundDriver | undefined;
  let starting: Promise<PlaygroundDriver> | undefined;
  let dataDir: string | undefined;

  /** Stops whoever is playing now, then starts the product as `who` on the same store. */
  async function playAs(who: CastMember): Promise<PlaygroundDriver> {
    const previous = pg ?? (await starting?.catch(() => undefined));
    pg = undefined;
    starting = undefined;
    await previous?.close();
    starting = startPlayground(who, { dataDir: dataDir!, ...(options.profile ? { profile: options.profile } : {}) });
    pg = await starting;
    return pg;
  }

  beforeAll(async () => {
    mkdirSync(options.shots, { recursive: true });
    dataDir = newDataDir();
    await playAs(options.first);
  }, 240_000);

  beforeEach((context) => {
    context.onTestFailed(async () => {
      await pg?.dump(options.shots, `FAILED-${context.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
    });
  });

  afterAll(async () => {
    try {
      const started = pg ?? (await starting?.catch(() => undefined));
      await started?.close();
    } finally {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  const driver = (): PlaygroundDriver => {
    if (!pg) throw new Error('The Playground did not start.');
    return pg;
  };

  /** The one audit of the story's case, as stored now. */
  async function storedAudit(d: PlaygroundDriver): Promise<Audit> {
    const [audit, ...others] = await d.services.audits.byCaseRef(d.services.tenantId, options.caseRef);
    expect(others).toHaveLength(0);
    if (!audit) throw new Error(`No audit of ${options.caseRef} is stored.`);
    return audit;
  }

  return { playAs, driver, storedAudit };
}
