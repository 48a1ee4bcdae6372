import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests share one database (PGlite takes ~1 GB and ~15 s to start): one fork runs them in sequence.
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
    globalSetup: ["test/global-setup.ts"],
  },
});
