/** Thrown when `edgepress.config.ts` holds a value the framework cannot use. */
export class InvalidConfigError extends Error {
  override name = 'InvalidConfigError';
}
