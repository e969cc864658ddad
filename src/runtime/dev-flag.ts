/**
 * `__EDGEPRESS_DEV__` is replaced by the build: `true` in bundles for development (edgepress
 * dev, `build --dev`), `false` in every other. Code behind
 * `typeof __EDGEPRESS_DEV__ === 'boolean' && __EDGEPRESS_DEV__` is dropped from production
 * bundles, and stays off when the runtime is used unbundled.
 */
declare global {
  const __EDGEPRESS_DEV__: boolean | undefined;
  /**
   * `false` in a production server bundle, which never prerenders (the prerender module is a
   * bundle of its own), `true` in every other: code behind `prerenders` below is dropped there.
   */
  const __EDGEPRESS_PRERENDERS__: boolean | undefined;
}

/** True where a route may be prerendered: always, unless the build says this bundle never does. */
export const prerenders = typeof __EDGEPRESS_PRERENDERS__ !== 'boolean' || __EDGEPRESS_PRERENDERS__;
