/** What a bundle with islands gives the handler: where the island modules are and which keys seal their props. */
import { readIslandCall, type IslandCall } from './island-request.ts';
import { keyBytes, keyRing, parseKeyList, type KeyRing } from './props-cipher.ts';

export interface IslandSupport {
  /** The site's base path ('/' or '/docs/'): islands answer at `{base}_islands/{id}`. */
  base: string;
  /** Lazy imports of the modules that define each island, by id. */
  modules: Record<string, () => Promise<unknown>>;
  /** The keys for a request: `EDGEPRESS_KEY` from the platform's env first (when set), then the build's. */
  ring(env: unknown): KeyRing;
  /** The call in a request to `{base}_islands/{id}`, or the 4xx that answers it. */
  read(request: Request, url: URL, id: string, env: unknown): Promise<IslandCall | Response>;
}

/** Island support for a bundle: `buildKeys` are the keys the build sealed prerendered pages with. */
export function islandSupport(modules: IslandSupport['modules'], buildKeys: string[], base: string): IslandSupport {
  const fromBuild = keyRing(buildKeys);
  // One ring per distinct runtime value: a CryptoKey is imported once per isolate, not per request.
  const rings = new Map<string, KeyRing>();
  const support: IslandSupport = {
    base,
    modules,
    read: (request, url, id, env) => readIslandCall(request, url, id, support, env),
    ring(env) {
      const value = (env as { EDGEPRESS_KEY?: unknown } | undefined)?.EDGEPRESS_KEY;
      if (typeof value !== 'string' || value.trim() === '') return fromBuild;
      let ring = rings.get(value);
      if (!ring) {
        ring = runtimeRing(value, buildKeys, fromBuild);
        rings.set(value, ring);
      }
      return ring;
    },
  };
  return support;
}

/**
 * The ring for a runtime `EDGEPRESS_KEY`, then the build's keys it does not repeat. A key that
 * is not 32 bytes of base64 (a typo in "<new>,<old>") is left out with one logged line naming
 * its place, once per value: the site keeps serving with the others.
 */
function runtimeRing(value: string, buildKeys: readonly string[], fromBuild: KeyRing): KeyRing {
  const listed = parseKeyList(value);
  const runtime = listed.filter((key, i) => {
    if (keyBytes(key)) return true;
    console.error(`[edgepress] EDGEPRESS_KEY: key ${i + 1} of ${listed.length} is not 32 bytes of base64, so it is ignored; make one with \`npx edgepress create-key\` (keys are comma-separated, the newest first).`);
    return false;
  });
  return { keys: [...keyRing(runtime).keys, ...fromBuild.keys.filter((_, i) => !runtime.includes(buildKeys[i]!))] };
}
