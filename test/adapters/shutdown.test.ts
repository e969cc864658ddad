/** Server runtimes (node, deno, bun) stop on SIGTERM without cutting off a response in flight. */
import { request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import type { AdapterName } from '../../src/config.ts';
import { startPreview } from '../../src/cli/preview.ts';
import { build, makeSite, removeSite } from '../helpers/site.ts';

const roots: string[] = [];
afterAll(() => roots.forEach(removeSite));

/** A page whose tail waits on a slow component, so SIGTERM lands while the response is open. */
const SLOW_PAGE = `export const prerender = false;
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function Tail() {
  await wait(400);
  return <p>tail</p>;
}
export default () => <html><body><h1>head</h1><Tail /></body></html>;
`;

describe.each(['node', 'deno', 'bun'] as AdapterName[])('%s on SIGTERM', (adapter) => {
  it('finishes the streamed page it is sending, then exits', async () => {
    const root = makeSite('adapters', { 'routes/slow.tsx': SLOW_PAGE });
    roots.push(root);
    await build(root, { adapter });
    const server = await startPreview(root, { adapter, port: 0 });
    let closed: Promise<void> | undefined;
    let receivedAtClose: string | undefined;
    try {
      const { hostname, port } = new URL(server.url);
      const body = await new Promise<string>((resolve, reject) => {
        const req = request({ host: hostname, port, path: '/slow', agent: false }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
            if (closed === undefined) {
              // The head is out and <Tail> is still pending: stop the server now.
              receivedAtClose = text;
              closed = server.close();
            }
          });
          res.on('end', () => resolve(text));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      });
      // The signal really arrived mid-response: what had arrived then was the head only...
      expect(receivedAtClose).toBe('<!doctype html><html><body><h1>head</h1>');
      // ...and the server still sent the rest before it exited.
      expect(body).toBe('<!doctype html><html><body><h1>head</h1><p>tail</p></body></html>');
      await closed;
      await expect(fetch(server.url + '/')).rejects.toThrow();
    } finally {
      await (closed ?? server.close());
    }
  });
});
