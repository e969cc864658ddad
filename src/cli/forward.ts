/**
 * Forwards a Node request to a local upstream server, asking for an uncompressed answer.
 * workerd's local servers (wrangler dev, Miniflare) gzip text for clients that accept it, and
 * that gzip holds a stream back until it ends; a deployed Worker streams either way.
 */
import { createServer, request as httpRequest, type ClientRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Sends `req` to `upstream` (an origin) with the client's Host and body; `onResponse` gets the answer. */
export function forwardRequest(req: IncomingMessage, upstream: string, onResponse: (up: IncomingMessage) => void, onError: (error: NodeJS.ErrnoException) => void): ClientRequest {
  const target = new URL(upstream);
  const headers = { ...req.headers, 'accept-encoding': 'identity' };
  // A connection of its own: workerd closes one whose request body the worker left unread (a 403
  // from the origin check), and a pooled socket reused after that fails the next request.
  const proxied = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false }, onResponse);
  proxied.on('error', onError);
  req.pipe(proxied);
  return proxied;
}

/** Streams the upstream answer to `res` as it comes, chunk by chunk. */
export function pipeResponse(up: IncomingMessage, res: ServerResponse): void {
  res.writeHead(up.statusCode ?? 502, up.statusMessage, up.headers);
  res.socket?.setNoDelay(true);
  up.pipe(res);
}

/**
 * A server on `host:port` (0: any free port) that forwards every request to `upstream` through
 * `forwardRequest`: uncompressed streams, and a fresh connection to workerd per request.
 */
export async function serveThrough(upstream: string, host: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const proxied = forwardRequest(req, upstream, (up) => pipeResponse(up, res), () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    res.once('close', () => proxied.destroy());
  });
  return listen(server, host, port);
}

/** Starts `server` on `host:port` (0: any free port); `close` also ends open connections. */
export async function listen(server: Server, host: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
