/** Deno's file primitives for the shared asset store: whole files and byte ranges as streams. */
import type { AssetStore } from '../../src/runtime/assets/asset-server.ts';
import { createFileStore } from '../../src/runtime/assets/file-store.ts';

interface DenoFile {
  readable: ReadableStream<Uint8Array>;
  seek(offset: number, whence: 0): Promise<number>;
}

declare const Deno: { open(url: URL): Promise<DenoFile> };

/** At most `length` bytes of `stream`; the rest is cancelled (which closes the file). */
function take(stream: ReadableStream<Uint8Array>, length: number): ReadableStream<Uint8Array> {
  let left = length;
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const part = chunk.byteLength > left ? chunk.subarray(0, left) : chunk;
        left -= part.byteLength;
        controller.enqueue(part);
        if (left === 0) controller.terminate();
      },
    }),
  );
}

/** A store over the asset folder at `folder` (a `file:` URL). */
export function denoFileStore(folder: URL): AssetStore {
  return createFileStore(
    folder,
    async (url) => (await Deno.open(url)).readable,
    async (url, start, end) => {
      const file = await Deno.open(url);
      await file.seek(start, 0);
      return take(file.readable, end - start + 1);
    },
  );
}
