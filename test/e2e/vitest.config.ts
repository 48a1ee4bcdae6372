/**
 * `npm run test:e2e`: only the end-to-end tests, without the database template the integration tests need.
 * One product serves every file (global-setup.ts starts it and creates the accounts the tests sign in with).
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 2_400_000,
  },
});
