/**
 * The server `edgepress dev` listens on. It sits in front of workerd (the dev runtime) and adds
 * what a development server needs: a live-reload script in every HTML page (server-sent
 * events), the error page with source-mapped stacks (as text for clients that do not ask for
 * HTML), and uncompressed responses so streamed HTML paints as it arrives (workerd's local
 * server gzips text for browsers that accept it, and its gzip holds a stream back until the end).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forwardRequest } from '../cli/forward.ts';
import { DEV_ERROR_HEADER, type DevErrorInfo } from '../runtime/dev-error.ts';
import type { DevProblem } from './dev-build.ts';
import { errorDetails, errorSummary, overlayPage } from './overlay.ts';
import { LOAD_HEADER } from './runner-worker.ts';
import { CLIENT_PATH, CLIENT_SCRIPT, EVENTS_PATH, MAP_PATH, reloadScriptTag } from './reload-client.ts';
import type { StackMapper } from './stack-map.ts';

export interface DevServerOptions {
  host: string;
  port: number;
  mapper: StackMapper;
  /** The worker's origin, or undefined while it is not running. */
  upstream(): string | undefined;
  /** While a rebuild is under way: settles when it is done (requests wait for it, then meet the new code). */
  settled?(): Promise<void> | undefined;
  /** A problem that stops the whole site (config, scanner, a file every route needs). */
  problem(): DevProblem | undefined;
  /**
   * True when `path` names a static file. Its conditional headers are dropped: workerd's asset
   * server keeps the ETag it listed at start, so it would answer 304 for a file changed since.
   */
  staticFile?(path: string): boolean;
  /** Where a request's error is reported, source-mapped (default: stderr). */
  log?: (text: string) => void;
}

function problemInfo(problem: DevProblem): DevErrorInfo {
  return { name: problem.name, message: problem.message, stack: problem.stack, route: 'the build', location: problem.location, hint: problem.hint ?? 'Fix it and save: the dev server rebuilds and reloads the page.' };
}

/** True when the client asked for an HTML page (a browser), not data (curl, `fetch` of an endpoint). */
function wantsHtml(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').includes('text/html');
}

/** Puts the reload script after `<head>` (or `<html>`) in the first chunk, or else at the end of the page. */
function injector(scriptTag: string): { chunk(text: string): string; end(): string } {
  let state: 'first' | 'done' | 'at-end' = 'first';
  return {
    chunk(text) {
      if (state !== 'first') return text;
      const tag = /<head\b[^>]*>/i.exec(text) ?? /<html\b[^>]*>/i.exec(text);
      if (!tag) {
        state = 'at-end';
        return text;
      }
      state = 'done';
      const at = tag.index + tag[0].length;
      return text.slice(0, at) + scriptTag + text.slice(at);
    },
    end: () => (state === 'at-end' ? scriptTag : ''),
  };
}

export class DevServer {
  private server: Server | undefined;
  private readonly clients = new Set<ServerResponse>();
  private readonly id = randomUUID();
  /** Counts builds: pages carry the one that served them. */
  private generation = 0;

  constructor(private readonly options: DevServerOptions) {}

  /** Starts listening; resolves with the origin. */
  async listen(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(this.options.port, this.options.host, resolve));
    const { port } = server.address() as AddressInfo;
    return `http://${this.options.host}:${port}`;
  }

  /** Tells every open page to reload (a new build), or to swap the stylesheet at `css`. */
  reload(css?: string): void {
    if (!css) this.generation++;
    const message = css ? `event: css\ndata: ${css}\n\n` : 'event: reload\ndata: now\n\n';
    for (const client of this.clients) client.write(message);
  }

  /** Tells every open page to swap the stylesheets at `urls` it links (imported stylesheets; no reload). */
  swapStyles(urls: string[]): void {
    const message = `event: styles\ndata: ${JSON.stringify(urls)}\n\n`;
    for (const client of this.clients) client.write(message);
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.end();
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === EVENTS_PATH) return this.events(req, res);
    if (path === CLIENT_PATH) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(CLIENT_SCRIPT);
    }
    if (path === MAP_PATH && req.method === 'POST') return this.details(req, res);
    await this.options.settled?.();
    const problem = this.options.problem();
    if (problem) return this.sendOverlay(res, problemInfo(problem), wantsHtml(req));
    const upstream = await this.waitForUpstream();
    if (!upstream) {
      return this.sendOverlay(res, { name: 'DevServerError', message: 'the worker is not running; see the terminal.', route: path ?? '/' }, wantsHtml(req));
    }
    // Only the dev server itself loads builds into the worker.
    delete req.headers[LOAD_HEADER];
    if (path && this.options.staticFile?.(path)) {
      delete req.headers['if-none-match'];
      delete req.headers['if-modified-since'];
    }
    this.forward(req, res, upstream);
  }

  private async waitForUpstream(): Promise<string | undefined> {
    for (let i = 0; i < 100; i++) {
      const upstream = this.options.upstream();
      if (upstream) return upstream;
      await new Promise((r) => setTimeout(r, 100));
    }
    return undefined;
  }

  private events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: 300\nevent: hello\ndata: ${this.id}:${this.generation}\n\n`);
    this.clients.add(res);
    req.once('close', () => this.clients.delete(res));
  }

  private details(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      try {
        const info = JSON.parse(body) as DevErrorInfo;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(errorDetails(info, this.options.mapper));
      } catch {
        res.writeHead(400).end();
      }
    });
  }

  /** The error page, or for a client that does not want HTML the terminal's text: the message and the site's own lines. */
  private sendOverlay(res: ServerResponse, info: DevErrorInfo, html: boolean): void {
    if (!html) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(`${errorSummary(info, this.options.mapper)}\n`);
    }
    res.writeHead(500, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(overlayPage(info, this.options.mapper, this.generation));
  }

  /** An error answer that is not HTML (text, JSON), with its stack positions in the site's files. */
  private sendMapped(up: IncomingMessage, res: ServerResponse, headers: IncomingMessage['headers']): void {
    const chunks: Buffer[] = [];
    up.on('data', (chunk: Buffer) => chunks.push(chunk));
    up.on('error', () => res.destroy());
    up.on('end', () => {
      const body = Buffer.from(this.options.mapper.mapText(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(up.statusCode ?? 500, up.statusMessage, { ...headers, 'content-length': String(body.length) });
      res.end(body);
    });
  }

  private forward(req: IncomingMessage, res: ServerResponse, upstream: string, attempt = 0): void {
    const onResponse = (up: IncomingMessage): void => {
      const error = up.headers[DEV_ERROR_HEADER];
      if (typeof error === 'string') {
        up.resume();
        try {
          const info = JSON.parse(decodeURIComponent(error)) as DevErrorInfo;
          (this.options.log ?? ((text: string) => console.error(text)))(errorSummary(info, this.options.mapper));
          return this.sendOverlay(res, info, wantsHtml(req));
        } catch {
          // Fall through to the worker's own page.
        }
      }
      // A server island's answer is a fragment the page's loader puts in place: no reload script in it.
      const isIsland = (req.url ?? '').split('?', 1)[0]!.includes('/_islands/');
      const isHtml = /^text\/html/i.test(up.headers['content-type'] ?? '') && req.method !== 'HEAD' && !isIsland;
      const out = { ...up.headers };
      delete out[DEV_ERROR_HEADER];
      if ((up.statusCode ?? 0) >= 500 && !isHtml && req.method !== 'HEAD') return this.sendMapped(up, res, out);
      if (isHtml) delete out['content-length'];
      res.writeHead(up.statusCode ?? 502, up.statusMessage, out);
      res.socket?.setNoDelay(true);
      if (!isHtml) return void up.pipe(res);
      // Under the page's CSP (security.csp), the reload script carries the nonce the header names.
      const nonce = /'nonce-([A-Za-z0-9+/=_-]+)'/.exec(String(up.headers['content-security-policy'] ?? up.headers['content-security-policy-report-only'] ?? ''))?.[1];
      const tag = reloadScriptTag(this.generation);
      const inject = injector(nonce ? tag.replace('<script ', `<script nonce="${nonce}" `) : tag);
      up.setEncoding('utf8');
      up.on('data', (text: string) => res.write(inject.chunk(text)));
      up.on('end', () => res.end(inject.end()));
      up.on('error', () => res.destroy());
    };
    const onError = (err: NodeJS.ErrnoException): void => {
      // workerd restarting: try again for a few seconds.
      const retryable = req.method === 'GET' || req.method === 'HEAD';
      if (err.code === 'ECONNREFUSED' && retryable && attempt < 50 && !res.headersSent) {
        setTimeout(() => {
          const again = this.options.upstream();
          if (again) this.forward(req, res, again, attempt + 1);
          else this.sendOverlay(res, { name: 'DevServerError', message: 'the worker is not running; see the terminal.', route: req.url ?? '/' }, true);
        }, 100);
        return;
      }
      if (!res.headersSent) this.sendOverlay(res, { name: 'DevServerError', message: `could not reach the worker: ${err.message}`, route: req.url ?? '/' }, wantsHtml(req));
      else res.destroy();
    };
    // No compression between us and workerd: the browser gets each chunk as the worker sends it.
    const proxied = forwardRequest(req, upstream, onResponse, onError);
    res.once('close', () => proxied.destroy());
  }
}
