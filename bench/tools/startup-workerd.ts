/**
 * Module start-up of a built worker inside workerd, with what it spends the time on:
 *   node --experimental-websocket --import tsx bench/tools/startup-workerd.ts [bundle] [runs]
 * (default bench/site/dist/server/index.js, 5 runs). STARTUP_PROFILE=1 adds the functions it spends
 * the time in (build with --dev for readable names).
 */
import { measureWorkerdStartup } from '../lib/startup-workerd.ts';

const [bundle = 'bench/site/dist/server/index.js', runs = '5'] = process.argv.slice(2);
const result = await measureWorkerdStartup(bundle, Number(runs), process.env.STARTUP_PROFILE === '1');
console.log(`${bundle}: import() in a fresh workerd ${result.moduleMs.toFixed(2)} ms, empty module ${result.emptyMs.toFixed(2)} ms, net ${result.netMs.toFixed(2)} ms (median of ${runs})`);
for (const [name, ms] of result.top) console.log(`  ${ms.toFixed(2).padStart(6)} ms  ${name}`);
