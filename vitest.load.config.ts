import { defineConfig } from 'vitest/config';

/** `npm run test:load`: the bounded load and soak test (test/load), apart from `npm test`. */
export default defineConfig({
  test: {
    include: ['test/load/**/*.load.ts'],
    pool: 'forks',
    // One runtime under load at a time: the machine's cores go to the server, not to a second test file.
    fileParallelism: false,
    // The workerd isolate's heap is read over its inspector's WebSocket (global in Node 22, flagged in 20).
    execArgv: process.versions.node.startsWith('20.') ? ['--experimental-websocket'] : [],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/helpers/count-reporter.ts'],
  },
});
