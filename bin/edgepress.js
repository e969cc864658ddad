#!/usr/bin/env node
// The `edgepress` command. Installed from npm it runs the compiled lib/; in the edgepress
// repository (src/ beside lib/) it runs the TypeScript source through tsx.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// As package.json's engines say (oxc-parser, which compiles the JSX, needs them).
const [major, minor] = process.versions.node.split('.').map(Number);
const supported = (major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major >= 23;
if (!supported) {
  console.error(`edgepress: Node 20.19 or later (22.12 or later on Node 22) is required; this is Node ${process.versions.node}. Install a current Node (https://nodejs.org) and run the command again.`);
  process.exit(1);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
if (args[0] === '--version' || args[0] === '-v') {
  console.log(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  process.exit(0);
}

const source = join(root, 'src/cli/main.ts');
let main;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(pathToFileURL(source).href));
} else {
  ({ main } = await import(pathToFileURL(join(root, 'lib/src/cli/main.js')).href));
}
process.exitCode = await main(args);
