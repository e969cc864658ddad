/**
 * Development (the manifest's `renderAll`): a prerendered dynamic route answers only the paths
 * its getStaticPaths() lists, as its built files would. The list is read once per module, so
 * once per rebuild (each rebuild starts a new isolate).
 */
import type { RouteEntry, RouteModule } from '../manifest.ts';
import type { Params } from './context.ts';
import { InvalidRouteModuleError } from './errors.ts';

type Entry = { params: Record<string, unknown>; props?: Record<string, unknown> };

const lists = new WeakMap<RouteModule, Promise<Entry[]>>();

function entries(route: RouteEntry, mod: RouteModule): Promise<Entry[]> {
  let list = lists.get(mod);
  if (!list) {
    list = (async () => {
      const getStaticPaths = mod.getStaticPaths;
      if (typeof getStaticPaths !== 'function') {
        throw new InvalidRouteModuleError(
          `${route.file}: a prerendered dynamic route needs \`export function getStaticPaths()\` listing every { params } to build; or make it on demand with \`export const prerender = false\`.`,
        );
      }
      const result: unknown = await (getStaticPaths as () => unknown)();
      if (!Array.isArray(result)) throw new InvalidRouteModuleError(`${route.file}: getStaticPaths() must return an array of { params, props? }.`);
      for (const entry of result as Entry[]) {
        if (!entry || typeof entry !== 'object' || !entry.params || typeof entry.params !== 'object') {
          throw new InvalidRouteModuleError(`${route.file}: getStaticPaths() returned ${JSON.stringify(entry)}; each entry must be { params: { ... }, props? }.`);
        }
      }
      return result as Entry[];
    })();
    lists.set(mod, list);
  }
  return list;
}

const normal = (value: unknown): string | undefined => (value === undefined || value === '' ? undefined : String(value));

/** The props of the getStaticPaths() entry for `params`, or undefined when the route would not have built this path. */
export async function staticPathProps(route: RouteEntry, mod: RouteModule, params: Params): Promise<Record<string, unknown> | undefined> {
  if (route.params.length === 0) return {};
  for (const entry of await entries(route, mod)) {
    if (route.params.every((name) => normal(entry.params[name]) === normal(params[name]))) return entry.props ?? {};
  }
  return undefined;
}
