/** `npm run test:e2e`: only the end-to-end tests, without the database template the integration tests need. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 2_400_000,
  },
});
