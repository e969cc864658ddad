import { defineConfig } from 'vitest/config';

/** `npm run test:load`: the bounded load and soak test (test/load), apart from `npm test`. */
export default defineConfig({
  test: {
    include: ['test/load/**/*.load.ts'],
    pool: 'forks',
    // One runtime under load at a time: the machine's cores go to the server, not to a second test file.
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/helpers/count-reporter.ts'],
  },
});
