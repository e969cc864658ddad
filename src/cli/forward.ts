/**
 * Forwards a Node request to a local upstream server, asking for an uncompressed answer.
 * workerd's local servers (wrangler dev, Miniflare) gzip text for clients that accept it, and
 * that gzip holds a stream back until it ends; a deployed Worker streams either way.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';

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
