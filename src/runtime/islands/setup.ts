/** What a bundle with islands gives the handler: where the island modules are and which keys seal their props. */
import { readIslandCall, type IslandCall } from './island-request.ts';
import { envKeyRing, type KeyRing } from './props-cipher.ts';
import { islandStage } from '../stages/islands.ts';

export interface IslandSupport {
  /** The site's base path ('/' or '/docs/'): islands answer at `{base}_islands/{id}`. */
  base: string;
  /** Lazy imports of the modules that define each island, by id. */
  modules: Record<string, () => Promise<unknown>>;
  /** The keys for a request: `EDGEPRESS_KEY` from the platform's env first (when set), then the build's. */
  ring(env: unknown): KeyRing;
  /** The call in a request to `{base}_islands/{id}`, or the 4xx that answers it. */
  read(request: Request, url: URL, id: string, env: unknown): Promise<IslandCall | Response>;
  /** The handler's stage for `{base}_islands/{id}` (here, so a site without islands never imports it). */
  stage: typeof islandStage;
}

/** Island support for a bundle: `buildKeys` are the keys the build sealed prerendered pages with. */
export function islandSupport(modules: IslandSupport['modules'], buildKeys: string[], base: string): IslandSupport {
  const support: IslandSupport = {
    base,
    modules,
    read: (request, url, id, env) => readIslandCall(request, url, id, support, env),
    ring: envKeyRing(buildKeys),
    stage: islandStage,
  };
  return support;
}
