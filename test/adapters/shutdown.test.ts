/** Server runtimes (node, deno, bun) stop on SIGTERM without cutting off a response in flight. */
import { request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import type { AdapterName } from '../../src/config.ts';
import { startPreview } from '../../src/cli/preview.ts';
import { build, makeSite, removeSite } from '../helpers/site.ts';

const roots: string[] = [];
afterAll(() => roots.forEach(removeSite));

describe.each(['node', 'deno', 'bun'] as AdapterName[])('%s on SIGTERM', (adapter) => {
  it('finishes the streamed page it is sending, then exits', async () => {
    const root = makeSite('adapters');
    roots.push(root);
    await build(root, { adapter });
    const server = await startPreview(root, { adapter, port: 0 });
    let closed: Promise<void> | undefined;
    try {
      const { hostname, port } = new URL(server.url);
      const body = await new Promise<string>((resolve, reject) => {
        const req = request({ host: hostname, port, path: '/stream', agent: false }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            // The first chunk is out and the slow components are still pending: stop the server now.
            closed ??= server.close();
            text += chunk;
          });
          res.on('end', () => resolve(text));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      });
      expect(body).toContain('<li>slow-a</li><li>slow-b</li><li>slow-c</li></ul><p>stream-end</p></body></html>');
      await closed;
      await expect(fetch(server.url + '/')).rejects.toThrow();
    } finally {
      await (closed ?? server.close());
    }
  });
});
