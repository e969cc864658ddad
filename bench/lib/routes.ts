/** The on-demand routes the benchmark loads, and a check that both workers answer them alike. */

export interface BenchRoute {
  name: string;
  /** Paths each connection cycles through. */
  paths: string[];
  headers?: Record<string, string>;
  /** Minimum req/s ratio edgepress/baseline, if the route has a target. */
  target?: number;
  /** Loaded against bench/astro too; with the minimum req/s ratio edgepress/Astro, if any. */
  astro?: { target?: number };
}

export const ROUTES: BenchRoute[] = [
  { name: '/ssr', paths: ['/ssr'], headers: { cookie: 'visits=41' }, target: 1.2, astro: {} },
  { name: '/table', paths: ['/table'], target: 2, astro: { target: 1.5 } },
  { name: '/products/42', paths: ['/products/42'], target: 1.1 },
  { name: '/products/[id]', paths: ['/products/42', '/products/old-42', '/products/9999'], target: 0.95 },
  { name: '/api/echo', paths: ['/api/echo?q=bench'], target: 0.95 },
  { name: '/stream', paths: ['/stream'] },
];

interface Expect {
  path: string;
  status: number;
  headers?: Record<string, RegExp>;
  body?: RegExp;
  /** Compare the body with the baseline's (UUIDs normalised). */
  compare?: string;
}

const EXPECT: Expect[] = [
  { path: '/ssr', status: 200, headers: { 'set-cookie': /^visits=42; Path=\/; HttpOnly$/, 'x-bench': /^ssr$/ }, body: /Visit 42.*&lt;b&gt;&quot;quoted&quot; &amp; &#39;single&#39;/s, compare: '/ssr' },
  { path: '/table', status: 200, body: /(<tr><td>[0-9a-f-]{36}<\/td><td>[0-9a-f-]{36}<\/td><\/tr>){1000}/, compare: '/table' },
  { path: '/products/42', status: 200, body: /Product &lt;42&gt;/, compare: '/products/[id]' },
  { path: '/products/old-42', status: 301, headers: { location: /\/products\/42$/ } },
  { path: '/products/9999', status: 404, body: /Page not found/, compare: '/products/[id]' },
  { path: '/api/echo?q=bench', status: 200, body: /^\{"path":"\/api\/echo","q":"bench"\}$/, compare: '/api/echo' },
  { path: '/stream', status: 200, body: /one done.*two done.*three done/s },
];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Throws when the Astro worker answers /table or /ssr wrongly (its markup differs a little: `<!DOCTYPE html>`, `<meta ...>`). */
export async function checkAstro(origin: string): Promise<void> {
  for (const e of EXPECT.filter((x) => x.path === '/table' || x.path === '/ssr')) {
    const res = await fetch(origin + e.path, { headers: { cookie: 'visits=41', accept: 'text/html' } });
    const body = await res.text();
    if (res.status !== e.status) throw new Error(`astro GET ${e.path}: status ${res.status}, expected ${e.status}`);
    for (const [name, re] of Object.entries(e.headers ?? {})) {
      const value = res.headers.get(name) ?? '';
      if (!re.test(value)) throw new Error(`astro GET ${e.path}: ${name}: ${value} does not match ${re}`);
    }
    if (e.body && !e.body.test(body)) throw new Error(`astro GET ${e.path}: unexpected body ${body.slice(0, 300)}`);
  }
}

/** Throws when a worker answers wrongly; returns, per route, whether both sent the same bytes. */
export async function checkRoutes(ours: string, baseline: string): Promise<Record<string, string>> {
  const same: Record<string, string> = {};
  for (const e of EXPECT) {
    const bodies: string[] = [];
    for (const origin of [ours, baseline]) {
      const res = await fetch(origin + e.path, { redirect: 'manual', headers: { cookie: 'visits=41', accept: 'text/html' } });
      const body = await res.text();
      const who = origin === ours ? 'edgepress' : 'baseline';
      if (res.status !== e.status) throw new Error(`${who} GET ${e.path}: status ${res.status}, expected ${e.status}`);
      for (const [name, re] of Object.entries(e.headers ?? {})) {
        const value = res.headers.get(name) ?? '';
        if (!re.test(value)) throw new Error(`${who} GET ${e.path}: ${name}: ${value} does not match ${re}`);
      }
      if (e.body && !e.body.test(body)) throw new Error(`${who} GET ${e.path}: unexpected body ${body.slice(0, 300)}`);
      bodies.push(body.replace(UUID, 'UUID'));
    }
    if (e.compare) {
      const ok = bodies[0] === bodies[1];
      same[e.compare] = same[e.compare] === 'no' ? 'no' : ok ? 'yes' : 'no';
    }
  }
  return same;
}
