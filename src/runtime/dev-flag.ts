/**
 * `__EDGEPRESS_DEV__` is replaced by the build: `true` in bundles for development (edgepress
 * dev, `build --dev`), `false` in every other. Code behind
 * `typeof __EDGEPRESS_DEV__ === 'boolean' && __EDGEPRESS_DEV__` is dropped from production
 * bundles, and stays off when the runtime is used unbundled.
 */
declare global {
  const __EDGEPRESS_DEV__: boolean | undefined;
}

export {};
