/** Build failures that name the file at fault and the fix. */

export class BuildError extends Error {
  override name = 'BuildError';
  constructor(
    /** The file at fault, relative to the site root (or a description when there is none). */
    readonly file: string,
    /** What is wrong and how to fix it. */
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}
