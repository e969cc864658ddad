/** Node's file primitive for the shared asset store: a manifest file under `dir`, as a stream. */
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { AssetStore } from '../../src/runtime/assets/asset-server.ts';
import { createFileStore } from '../../src/runtime/assets/file-store.ts';

/** Opens `url` as a Web stream; throws when the file is missing. */
export async function readNodeFile(url: URL): Promise<ReadableStream<Uint8Array>> {
  const file = await open(url);
  return Readable.toWeb(file.createReadStream()) as ReadableStream<Uint8Array>;
}

/** Opens bytes `start`..`end` (inclusive) of `url` as a Web stream. */
export async function readNodeFileRange(url: URL, start: number, end: number): Promise<ReadableStream<Uint8Array>> {
  const file = await open(url);
  return Readable.toWeb(file.createReadStream({ start, end })) as ReadableStream<Uint8Array>;
}

/** A store over the asset folder `dir` (a path or a `file:` URL). */
export function nodeFileStore(dir: string | URL): AssetStore {
  return createFileStore(typeof dir === 'string' ? pathToFileURL(dir + '/') : dir, readNodeFile, readNodeFileRange);
}
