import { defineConfig } from 'vitest/config';

// One Temporal dev server per run (globalSetup), workers in forked processes, files one at a time:
// Temporal workers inside worker threads have crashed in the past, and two workers polling the same
// task queue from different files would steal each other's tasks.
// Tests assert on plain text. picocolors turns colours on whenever `CI` is set (as CI runners do), even
// with stdout piped, so switch them off for the test processes and every CLI they spawn.
process.env.NO_COLOR = '1';
delete process.env.FORCE_COLOR;

export default defineConfig({
  test: {
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
