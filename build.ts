/** The build entry: `npm run build [-- --root DIR] [--adapter NAME] [--dev]`. */
import { main } from './src/cli/main.ts';

process.exitCode = await main(['build', ...process.argv.slice(2)]);
