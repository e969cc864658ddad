/**
 * Time to first body byte and to the end of a response, over a raw socket: Node's fetch
 * body reader can hold back the first chunk of a workerd response, a socket cannot.
 */
import { connect } from 'node:net';

export interface FirstByte {
  firstByteMs: number;
  totalMs: number;
}

/** GETs `path` from 127.0.0.1:`port` with `Connection: close`. */
export function firstByte(port: number, path: string, timeoutMs = 5000): Promise<FirstByte> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let head = Buffer.alloc(0);
    let headerEnd = -1;
    let first = -1;
    let contentLength = -1;
    let bodyBytes = 0;
    let started = 0;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`GET ${path}: no complete response in ${timeoutMs} ms`));
    }, timeoutMs);
    const finish = (): void => {
      const end = performance.now();
      clearTimeout(timer);
      socket.destroy();
      if (first < 0) reject(new Error(`GET ${path}: no body`));
      else resolve({ firstByteMs: first - started, totalMs: end - started });
    };
    socket.on('connect', () => {
      started = performance.now();
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\nAccept: text/html\r\n\r\n`);
    });
    socket.on('data', (data: Buffer) => {
      const now = performance.now();
      if (headerEnd < 0) {
        head = Buffer.concat([head, data]);
        headerEnd = head.indexOf('\r\n\r\n');
        if (headerEnd >= 0) {
          const length = /\r\ncontent-length: *(\d+)/i.exec(head.subarray(0, headerEnd).toString('latin1'));
          if (length) contentLength = Number(length[1]);
          if (head.length > headerEnd + 4) first = now;
          head = head.subarray(headerEnd + 4);
          bodyBytes = head.length;
        }
      } else {
        if (first < 0) first = now;
        bodyBytes += data.length;
        head = Buffer.concat([head.subarray(-8), data]);
      }
      if (contentLength >= 0 && bodyBytes >= contentLength) return finish();
      // Chunked encoding ends with a zero-size chunk.
      if (headerEnd >= 0 && head.subarray(-5).toString() === '0\r\n\r\n') finish();
    });
    socket.on('end', finish);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
