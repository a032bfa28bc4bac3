import { defineConfig } from 'vitest/config';

/**
 * The test tiers as named projects, each runnable alone (`npm run test:domain`, `test:integration`, `test:jobs`,
 * `test:e2e`); `vitest run` runs them all in one pool, the slowest files first (vitest orders by recorded duration),
 * so the long jobs and browser files run beside the many quick ones rather than after them.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Storage, bot and end-to-end tiers start real servers on ports of their own, one process per file.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      // Fast: the workflow against in-memory fakes, every card through the official parser, file readers, manifest.
      { extends: true, test: { name: 'domain', include: ['test/domain/**/*.test.ts', 'test/cards/**/*.test.ts', 'test/imports/**/*.test.ts', 'test/manifest/**/*.test.ts'] } },
      // Real servers: the bot over HTTP, the Cosmos SDK against the embedded store, the Graph client against the local server.
      { extends: true, test: { name: 'integration', include: ['test/bot/**/*.test.ts', 'test/storage/**/*.test.ts', 'test/graph/**/*.test.ts'] } },
      // Several bot processes sharing one store through a simulated month; a sender killed mid-fan-out.
      { extends: true, test: { name: 'jobs', include: ['test/jobs/**/*.test.ts'] } },
      // The Agents Playground in headless Chromium.
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
    ],
  },
});
