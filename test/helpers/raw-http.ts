/** A GET over a raw socket, timing each body chunk: Node's fetch may hold back workerd's first chunk. */
import { connect } from 'node:net';

export interface TimedResponse {
  status: number;
  headers: string;
  /** Body chunks (chunked encoding removed) with ms since the request was written. */
  chunks: Array<{ text: string; at: number }>;
  body: string;
  total: number;
}

/** Requests `path` from `origin` (http://127.0.0.1:port) and records when each body chunk arrived. */
export function timedGet(origin: string, path: string, timeoutMs = 10_000): Promise<TimedResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let started = 0;
    let raw = Buffer.alloc(0);
    let headerEnd = -1;
    let head = '';
    const chunks: Array<{ text: string; at: number }> = [];
    let pending = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1] ?? 0);
      resolve({ status, headers: head, chunks, body: chunks.map((c) => c.text).join(''), total: performance.now() - started });
    };
    // A body with a content-length is complete at that many bytes (the server may keep the socket open).
    const finishAtLength = (): void => {
      const length = /content-length: (\d+)/i.exec(head)?.[1];
      const received = chunks.reduce((n, c) => n + Buffer.byteLength(c.text), 0);
      if (length !== undefined && received >= Number(length)) finish();
    };
    // Decodes as many complete chunks of chunked encoding as are buffered.
    const drain = (): boolean => {
      for (;;) {
        const lineEnd = pending.indexOf('\r\n');
        if (lineEnd === -1) return false;
        const size = parseInt(pending.subarray(0, lineEnd).toString(), 16);
        if (size === 0) return true;
        if (pending.length < lineEnd + 2 + size + 2) return false;
        chunks.push({ text: pending.subarray(lineEnd + 2, lineEnd + 2 + size).toString(), at: performance.now() - started });
        pending = pending.subarray(lineEnd + 2 + size + 2);
      }
    };
    socket.on('connect', () => {
      started = performance.now();
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (data: Buffer) => {
      if (headerEnd === -1) {
        raw = Buffer.concat([raw, data]);
        headerEnd = raw.indexOf('\r\n\r\n');
        if (headerEnd === -1) return;
        head = raw.subarray(0, headerEnd).toString();
        data = raw.subarray(headerEnd + 4);
        if (!/transfer-encoding: chunked/i.test(head)) {
          if (data.length) chunks.push({ text: data.toString(), at: performance.now() - started });
          return finishAtLength();
        }
      } else if (!/transfer-encoding: chunked/i.test(head)) {
        chunks.push({ text: data.toString(), at: performance.now() - started });
        return finishAtLength();
      }
      pending = Buffer.concat([pending, data]);
      if (drain()) finish();
    });
    socket.on('end', finish);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

export interface RawResponse {
  status: number;
  /** The status line and headers as sent. */
  head: string;
  /** The body, chunked encoding removed. */
  body: string;
  /** A header's value (the first one), or undefined. */
  header(name: string): string | undefined;
}

/**
 * Sends `head` (request line and headers, without the blank line) and `body` byte for byte on a
 * fresh connection, adding `Connection: close`, and reads the answer to its end. Nothing on the
 * way normalises the target, the method or the header bytes, as fetch() would. With `early`, the
 * answer is taken as soon as its Content-Length is in, without waiting for the server to close
 * (a client that sent only part of a body it announced, as an upload refused up front).
 */
export function rawRequest(origin: string, head: string, body: Buffer | string = '', timeoutMs = 10_000, early = false): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const received: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer to ${JSON.stringify(head.split('\r\n')[0])} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect', () => {
      socket.write(Buffer.concat([Buffer.from(`${head}\r\nConnection: close\r\n\r\n`, 'utf8'), Buffer.from(body)]));
    });
    socket.on('data', (data: Buffer) => {
      received.push(data);
      if (!early) return;
      const raw = Buffer.concat(received);
      const end = raw.indexOf('\r\n\r\n');
      const length = end === -1 ? undefined : /^content-length: *(\d+)/im.exec(raw.subarray(0, end).toString('latin1'))?.[1];
      if (length !== undefined && raw.length - end - 4 >= Number(length)) socket.destroy();
    });
    socket.on('error', (error) => {
      // A server may answer (413) and reset the connection before reading all we sent: keep the answer.
      if (received.length > 0) return;
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(received);
      const end = raw.indexOf('\r\n\r\n');
      const headText = (end === -1 ? raw : raw.subarray(0, end)).toString('latin1');
      let rest = end === -1 ? Buffer.alloc(0) : raw.subarray(end + 4);
      if (/^transfer-encoding: *chunked/im.test(headText)) {
        const parts: Buffer[] = [];
        for (;;) {
          const lineEnd = rest.indexOf('\r\n');
          const size = lineEnd === -1 ? 0 : parseInt(rest.subarray(0, lineEnd).toString(), 16);
          if (!size) break;
          parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
          rest = rest.subarray(lineEnd + 2 + size + 2);
        }
        rest = Buffer.concat(parts);
      }
      const header = (name: string): string | undefined => new RegExp(`^${name}: *(.*)$`, 'im').exec(headText)?.[1]?.trim();
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(headText)?.[1] ?? 0), head: headText, body: rest.toString('utf8'), header });
    });
  });
}
