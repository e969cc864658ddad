/** `edgepress <command>` from the repo's npm scripts. */
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
