/**
 * Whether a server bundle may read `ctx.session`: some module in it other than the framework's
 * names the `session` property (the forms and the rule: property-use.ts). `edgepress dev` applies
 * it to each rebuild too, so dev and production agree; it errs towards yes.
 */
import type { Metafile } from 'esbuild';
import { bundleNames, namedProperties } from './property-use.ts';

export { siteInputs } from './property-use.ts';

/** True when some module of the bundle other than the framework's own may read the session. */
export function bundleUsesSessions(metafile: Metafile, root: string): boolean {
  return bundleNames(metafile, root, 'session');
}

/** True when `source` (the text of `file`) names the `session` property. */
export function namesSession(file: string, source: string): boolean {
  return namedProperties(file, source, ['session']).has('session');
}
