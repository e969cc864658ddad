/** HTTP requests on a connection of their own, for tests that send refused bodies. */
import { request as httpRequest } from 'node:http';

/**
 * One request on a connection of its own (no redirects followed). workerd may close a kept-alive
 * connection after a refused body, and a client that reuses it sees "other side closed": a race
 * of local keep-alive, not what these tests check.
 */
export function sendFresh(url: string, init: RequestInit & { chunked?: boolean }): Promise<Response> {
  const body = typeof init.body === 'string' ? init.body : undefined;
  const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
  // chunked: the body goes in 100-byte chunks with no Content-Length, so only counting can stop it.
  if (body !== undefined && !init.chunked) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const out = new Headers();
        for (const [name, value] of Object.entries(res.headers)) for (const v of [value ?? []].flat()) out.append(name, v);
        const status = res.statusCode ?? 0;
        resolve(new Response([204, 205, 304].includes(status) ? null : Buffer.concat(chunks), { status, headers: out }));
      });
    });
    req.on('error', reject);
    if (body !== undefined && init.chunked) {
      for (let at = 0; at < body.length; at += 100) req.write(body.slice(at, at + 100));
      req.end();
    } else {
      req.end(body);
    }
  });
}
