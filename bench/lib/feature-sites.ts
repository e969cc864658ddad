/**
 * The sites of `npm run bench:bundle` (bench/bundle-features.ts) and of test/bundle-features.test.ts:
 * a bare starter-like site, and each feature turned on alone over it (files written over the bare
 * site's). `modules` names the framework modules that only that feature may bring into the server
 * bundle (the test checks them in the esbuild metafile).
 */

export type Files = Record<string, string>;
const config = (extra = ''): string => `import { defineConfig } from 'edgepress';\nexport default defineConfig({\n  output: 'static',\n  adapter: 'cloudflare',\n${extra}});\n`;

/** Like templates/default without its stylesheet and actions: a prerendered page, an on-demand page reading a cookie, an endpoint. */
export const BARE: Files = {
  'edgepress.config.ts': config(),
  'routes/index.tsx': 'export default function Home() {\n  return <html><head><title>Home</title></head><body><h1>Welcome</h1></body></html>;\n}\n',
  'routes/visits.tsx': `import type { PageContext } from 'edgepress';
export const prerender = false;
export default function Visits({ cookies }: PageContext) {
  const visits = (cookies.get('visits')?.number() ?? 0) + 1;
  cookies.set('visits', String(visits), { path: '/', httpOnly: true });
  return <html><head><title>Visits</title></head><body><p>{visits}</p></body></html>;
}
`,
  'routes/api/hello.ts': "export const GET = () => Response.json({ hello: 'world' });\n",
};

/** One feature alone: files written over the bare site, and the framework modules it alone brings. */
export interface FeatureSite {
  name: string;
  files: Files;
  /** Framework modules (paths in this repository) in the server bundle with this feature and never without it. */
  modules: string[];
  /** Modules of packages that stay out even with it (hono's browser renderer in a worker). */
  absent?: string[];
}

/** hono's browser renderer: never in a server bundle, whatever the site imports from hono/jsx (src/build/hono-jsx-server.ts). */
export const HONO_DOM = ['hono/dist/jsx/dom/render.js', 'hono/dist/jsx/dom/intrinsic-element/components.js', 'hono/dist/jsx/dom/context.js'];

/**
 * hono's string renderer (its JSX node classes, their `toString()`, its intrinsic-element components and
 * context): not in a server bundle whose code does not import them; the server's JSX runtime makes the
 * nodes (src/runtime/render/jsx-runtime.ts). A site that imports `createContext` or `jsx` from 'hono/jsx' has it.
 */
export const HONO_STRING = [
  'hono/dist/jsx/base.js', 'hono/dist/jsx/intrinsic-element/components.js', 'hono/dist/jsx/utils.js', 'hono/dist/jsx/context.js',
  'hono/dist/jsx/jsx-runtime.js', 'hono/dist/jsx/jsx-dev-runtime.js', 'hono/dist/utils/html.js',
];

/** Each feature alone. */
export const FEATURES: FeatureSite[] = [
  {
    name: 'sessions (a page reads ctx.session)',
    files: {
      'routes/me.tsx': "import type { PageContext } from 'edgepress';\nexport const prerender = false;\nexport default ({ session }: PageContext) => <p>{String(session.get('name') ?? 'anon')}</p>;\n",
    },
    modules: ['src/runtime/session/session.ts', 'src/runtime/session/setup.ts'],
  },
  {
    name: 'route cache (ctx.cache.set)',
    files: {
      'routes/cached.tsx': "import type { PageContext } from 'edgepress';\nexport const prerender = false;\nexport default ({ cache }: PageContext) => {\n  cache.set({ maxAge: 60 });\n  return <p>cached</p>;\n};\n",
    },
    modules: ['src/runtime/cache/cache-flow.ts', 'src/runtime/stages/cache.ts', 'src/runtime/cache/invalidate.ts', 'adapters/cloudflare/cache-store.ts'],
  },
  {
    name: 'route cache (routeRules)',
    files: {
      'edgepress.config.ts': config("  routeRules: { '/visits': { maxAge: 1, swr: 60 } },\n"),
    },
    modules: ['src/runtime/cache/cache-flow.ts', 'src/runtime/stages/cache.ts', 'src/runtime/cache/invalidate.ts', 'adapters/cloudflare/cache-store.ts'],
  },
  {
    name: 'config redirects',
    files: {
      'edgepress.config.ts': config("  redirects: { '/old': '/visits', '/blog/[...slug]': '/articles/[...slug]' },\n"),
    },
    modules: ['src/runtime/config-redirect.ts'],
  },
  {
    name: 'rewrite (ctx.rewrite)',
    files: {
      'routes/alias.tsx': "import type { PageContext } from 'edgepress';\nexport const prerender = false;\nexport default ({ rewrite }: PageContext) => rewrite('/visits');\n",
    },
    modules: ['src/runtime/rewrite.ts'],
  },
  {
    name: 'security.csp',
    files: {
      'edgepress.config.ts': config("  security: { csp: { directives: { 'default-src': ['self'], 'script-src': ['self'], 'object-src': ['none'] } } },\n"),
    },
    modules: ['src/runtime/csp/policy.ts', 'src/runtime/csp/nonce.ts'],
  },
  {
    name: 'security.allowedDomains',
    files: {
      'edgepress.config.ts': config("  security: { allowedDomains: ['proxy.example'] },\n"),
    },
    modules: ['src/runtime/forwarded-origin.ts'],
  },
  {
    name: 'server island (defer())',
    files: {
      'routes/_card.tsx': "import { defer, usePage } from 'edgepress';\nfunction Card() {\n  const { cookies } = usePage();\n  return <p>{cookies.get('visits')?.value ?? 'new'}</p>;\n}\nexport const DeferredCard = defer(Card, { fallback: <p>Loading…</p> });\n",
      'routes/shell.tsx': "import { DeferredCard } from './_card.tsx';\nexport default () => <html><body><DeferredCard /></body></html>;\n",
    },
    modules: ['src/runtime/stages/islands.ts', 'src/runtime/islands/island-request.ts', 'src/runtime/islands/props-cipher.ts'],
  },
  {
    name: 'client island',
    files: {
      'islands/counter.tsx': "import { useState } from 'hono/jsx';\nexport default function Counter({ start }: { start: number }) {\n  const [count, setCount] = useState(start);\n  return <button onClick={() => setCount(count + 1)}>{count}</button>;\n}\n",
      'routes/counter.tsx': "import Counter from '../islands/counter.tsx';\nexport const prerender = false;\nexport default () => <html><body><Counter start={1} /></body></html>;\n",
    },
    modules: ['src/runtime/client-islands/island.ts'],
    absent: HONO_DOM,
  },
  {
    name: 'Suspense (hono/jsx)',
    files: {
      'routes/later.tsx': "import { Suspense } from 'hono/jsx';\nexport const prerender = false;\nconst Late = async () => <p>{await Promise.resolve('late')}</p>;\nexport default () => <html><body><Suspense fallback={<p>…</p>}><Late /></Suspense></body></html>;\n",
    },
    modules: ['src/runtime/render/boundary.ts', 'src/runtime/render/swap-scripts.ts', 'src/runtime/render/hono-tags.ts', 'src/runtime/render/provided.ts'],
    // hono's Suspense is a stand-in the renderer knows (src/build/hono-jsx-server.ts): no hono string renderer either.
    absent: [...HONO_DOM, ...HONO_STRING],
  },
  {
    name: 'a style object (style={{ ... }})',
    files: {
      'routes/badge.tsx': "export const prerender = false;\nexport default () => <html><body><p style={{ color: 'teal', fontSize: 14 }}>new</p></body></html>;\n",
    },
    modules: ['src/runtime/render/style-object.ts'],
  },
  {
    name: "a stylesheet link with hono's precedence",
    files: {
      'routes/sorted.tsx': "export const prerender = false;\nexport default () => <html><head><link rel=\"stylesheet\" href=\"/site.css\" precedence=\"default\" /></head><body><p>sorted</p></body></html>;\n",
    },
    modules: ['src/runtime/render/metadata-tags.ts'],
  },
  {
    name: 'an inline <svg>',
    files: {
      'routes/icon.tsx': "export const prerender = false;\nexport default ({ url }: { url: URL }) => <html><body><svg viewBox=\"0 0 10 10\"><circle cx={5} cy={5} r={4} strokeWidth={Number(url.searchParams.get('w') ?? 1)} /></svg></body></html>;\n",
    },
    modules: ['src/runtime/render/svg-names.ts'],
  },
  {
    name: 'hono context (createContext from hono/jsx)',
    files: {
      'routes/themed.tsx': "import { createContext, useContext } from 'hono/jsx';\nexport const prerender = false;\nconst Theme = createContext('light');\nconst Label = () => <b>{useContext(Theme)}</b>;\nexport default () => <html><body><Theme.Provider value=\"dark\"><Label /></Theme.Provider></body></html>;\n",
    },
    modules: ['src/runtime/render/hono-tags.ts', 'src/runtime/render/provided.ts', 'src/runtime/render/raw-callbacks.ts', 'src/runtime/render/form-action.ts'],
  },
  {
    name: 'imported stylesheet',
    files: {
      'routes/_style.css': 'body { font-family: system-ui, sans-serif; margin: 2rem; }\nh1 { color: rebeccapurple; }\n',
      'routes/styled.tsx': "import './_style.css';\nexport const prerender = false;\nexport default () => <html><head><title>Styled</title></head><body><h1>Styled</h1></body></html>;\n",
    },
    modules: ['src/runtime/render/head-links.ts'],
  },
  {
    name: 'action (actions.ts)',
    files: {
      'actions.ts': "import { defineAction } from 'edgepress/actions';\nexport const actions = { ping: defineAction({ handler: () => 'pong' }) };\n",
    },
    modules: ['src/runtime/stages/actions.ts', 'src/runtime/actions/stage.ts', 'src/runtime/actions/setup.ts', 'src/runtime/render/form-action.ts'],
  },
  {
    name: 'worker.ts (a scheduled handler)',
    files: {
      'worker.ts': "export default {\n  async scheduled(): Promise<void> {\n    console.log('tick');\n  },\n};\n",
    },
    // withSiteWorker shares adapters/cloudflare/worker.ts with every Workers bundle's export.
    modules: [],
  },
  {
    name: 'env schema',
    files: {
      'edgepress.config.ts': config("  env: { schema: { API_URL: { type: 'string', access: 'public', default: 'https://api.example' }, TOKEN: { type: 'string', optional: true } } },\n"),
    },
    modules: ['src/runtime/env/setup.ts'],
  },
];

