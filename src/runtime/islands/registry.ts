/** Deferred components by island id, filled as their modules are evaluated (`defer()` at top level). */

export type IslandComponent = (props: Record<string, unknown>) => unknown;

const islands = new Map<string, IslandComponent>();

/** Called by `defer()` when its module is evaluated. */
export function registerIsland(id: string, component: IslandComponent): void {
  islands.set(id, component);
}

/** The component of island `id`, once its module has been imported. */
export function islandComponent(id: string): IslandComponent | undefined {
  return islands.get(id);
}
