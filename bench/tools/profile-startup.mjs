// Profiles only `import(bundle)` (after Node's lazy Web globals are loaded): node bench/tools/profile-startup.mjs FILE
import { Session } from 'node:inspector/promises';
import { pathToFileURL } from 'node:url';
void [Request, Response, Headers, ReadableStream, WritableStream, TransformStream, TextEncoder, TextDecoder, URL,
  URLSearchParams, Blob, FormData, AbortController, crypto.subtle, structuredClone, fetch];
await import('data:text/javascript,export default 0');
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
await session.post('Profiler.start');
const t = performance.now();
await import(pathToFileURL(process.argv[2]).href);
const elapsed = performance.now() - t;
const { profile } = await session.post('Profiler.stop');
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
profile.samples.forEach((id, i) => {
  const f = byId.get(id).callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}:${f.columnNumber}`;
  self.set(key, (self.get(key) ?? 0) + profile.timeDeltas[i]);
});
console.log(`import: ${elapsed.toFixed(2)} ms`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log((v / 1000).toFixed(2).padStart(7), k);
