/** `edgepress add cloudflare[-kv]`: the site's wrangler.toml, created or completed without touching what is there. */
import { parse as parseToml } from 'smol-toml';
import { COMPATIBILITY_DATE, workerName } from './wrangler-config.ts';

const ASSETS = `[assets]
directory = "dist/client"
binding = "ASSETS"
html_handling = "none"        # the worker maps /about and /about/ to about/index.html
not_found_handling = "none"   # misses reach the worker, which answers the 404 page
`;

const KV = `[[kv_namespaces]]
binding = "ASSETS_KV"         # static files; upload with: npx wrangler kv bulk put dist/server/kv-assets.json --binding ASSETS_KV --remote
id = "00000000000000000000000000000000"   # create one with \`npx wrangler kv namespace create ASSETS_KV\` and paste its id
`;

/** The new wrangler.toml text for the site at `root`, given the current text. */
export function wranglerToml(root: string, current: string | undefined, kv: boolean): string {
  if (current === undefined) {
    const name = workerName(root);
    return `# Cloudflare Workers. \`npm run build\` writes dist/; then \`npx wrangler dev\` or \`npx wrangler deploy\`.
name = "${name}"
main = "dist/server/index.js"
compatibility_date = "${COMPATIBILITY_DATE}"

${kv ? KV : ASSETS}`;
  }
  const parsed = parseToml(current) as { main?: string; assets?: unknown; kv_namespaces?: Array<{ binding?: string }> };
  let text = current;
  const append = (block: string): void => {
    text = `${text.replace(/\n*$/, '')}\n\n${block}`;
  };
  if (parsed.main === undefined) {
    // Top-level keys must come before the first table.
    const firstTable = text.search(/^\s*\[/m);
    const line = 'main = "dist/server/index.js"\n';
    text = firstTable === -1 ? `${text.replace(/\n*$/, '')}\n${line}` : text.slice(0, firstTable) + line + text.slice(firstTable);
  }
  if (kv) {
    if (!(parsed.kv_namespaces ?? []).some((ns) => ns.binding === 'ASSETS_KV')) append(KV);
  } else if (parsed.assets === undefined) append(ASSETS);
  return text;
}
