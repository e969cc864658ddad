/** Which Node builtins a Cloudflare worker gets, from the site's wrangler config (nodejs_compat). */
import type { NodeBuiltins } from '../../src/build/node-builtins.ts';
import { WORKERD_NODE_MODULES } from '../../src/build/node-builtins.ts';
import { readSiteWranglerConfig } from './wrangler-config.ts';

/** From this compatibility date, Workers enable nodejs_compat without the flag. */
const COMPAT_BY_DEFAULT_FROM = '2026-08-04';

export function cloudflareNodeBuiltins(root: string): NodeBuiltins {
  const { config, file } = readSiteWranglerConfig(root);
  const flags = (config.compatibility_flags as string[] | undefined) ?? [];
  const date = typeof config.compatibility_date === 'string' ? config.compatibility_date : '';
  const enabled = flags.includes('nodejs_compat') || flags.includes('nodejs_compat_v2') || (date >= COMPAT_BY_DEFAULT_FROM && !flags.includes('no_nodejs_compat'));
  return {
    runtime: enabled ? 'Cloudflare Workers (nodejs_compat)' : 'Cloudflare Workers without the nodejs_compat flag',
    provided: enabled ? WORKERD_NODE_MODULES : [],
    hint: (name) =>
      WORKERD_NODE_MODULES.includes(name)
        ? `Cloudflare's nodejs_compat flag covers node:${name}: add "compatibility_flags": ["nodejs_compat"] to ${file ?? 'the site\'s wrangler config (wrangler.jsonc)'}.`
        : `nodejs_compat does not cover node:${name} (workerd has at most an import stub); use a Web API, or move the work to build time (a prerendered route may use any Node module).`,
  };
}
