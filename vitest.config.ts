import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    pool: 'forks',
    // Two cores: a build and a runtime per worker is the most the machine takes.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    reporters: ['default', './test/helpers/count-reporter.ts'],
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'hono/jsx' } },
});
