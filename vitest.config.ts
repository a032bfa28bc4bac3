import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Storage, bot and e2e tiers start real servers on their own ports; files stay isolated.
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
