import { defineConfig } from 'vitest/config';

// Tests run against real services: one Temporal dev server and one fresh
// PostgreSQL database per run (tests/setup/global-setup.ts), shared by every
// test file. Files run one after another: each may start a Temporal Worker
// (bundling workflow code is CPU-heavy) and the target machine has 2 cores;
// test files must still use their own task queues and artist ids.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    // Real workflows, real retries with backoff: generous, but finite.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
    reporters: process.env.CI ? ['verbose'] : ['default'],
  },
});
