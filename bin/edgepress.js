#!/usr/bin/env node
// The `edgepress` command. Installed from npm it runs the compiled lib/; in the edgepress
// repository (src/ beside lib/) it runs the TypeScript source through tsx.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MIN_NODE = [20, 12];
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) {
  console.error(`edgepress: Node ${MIN_NODE.join('.')} or later is required; this is Node ${process.versions.node}. Install a current Node (https://nodejs.org) and run the command again.`);
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
