import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { timedGet } from './helpers/raw-http.ts';
import { makeSite } from './helpers/site.ts';
import { workerdSite } from './helpers/workerd-site.ts';

const built = workerdSite(() => makeSite('streaming'));

describe('streaming in workerd', () => {
  it('sends the head at once and each component in order as it is ready', async () => {
    const res = await timedGet(built.site.url, '/siblings');
    expect(res.status).toBe(200);
    expect(res.body).toBe(
      '<!doctype html><html><body><header>first</header><section id="s1">done 1 of 3</section><section id="s2">done 2 of 3</section><section id="s3">done 3 of 3</section><footer>last</footer></body></html>',
    );
    // "of 3": every sibling had started before any finished, so they ran side by side.
    const first = res.chunks[0]!;
    expect(first.text).toBe('<!doctype html><html><body><header>first</header>');
    // The head left before the slowest (300 ms) sibling was ready: the end came well after it.
    // (Only lower bounds on time: a loaded machine delays timers, it never fires them early.)
    expect(res.total - first.at).toBeGreaterThanOrEqual(150);
    expect(res.total).toBeGreaterThanOrEqual(290);
  });
});

describe('hono boundaries in a minified worker', () => {
  it('Suspense streams its fallback, then the content; ErrorBoundary shows its fallback in place', async () => {
    const res = await timedGet(built.site.url, '/boundaries');
    expect(res.chunks[0]!.text).toBe('<main><template id="H:0"></template><i>loading</i><!--/$-->');
    expect(res.body).toContain('<b>widget unavailable</b><footer>end</footer></main><template data-hono-target="H:0"><p>loaded</p></template><script>');
    expect(res.body).not.toContain('broken widget');
  });
});

describe('failures inside boundaries, over HTTP', () => {
  it('a rejected Suspense keeps its fallback and is logged; a throwing fallback renders nothing; the page ends whole', async () => {
    const res = await timedGet(built.site.url, '/failing-boundaries');
    expect(res.status).toBe(200);
    expect(res.body).toBe('<main><template id="H:0"></template><i>loading</i><!--/$--><footer>end</footer></main>');
    const logs = await built.site.waitForLog(/suspense-content-rejected[\s\S]*fallback-broke|fallback-broke[\s\S]*suspense-content-rejected/);
    expect(logs).toMatch(/\[edgepress\] GET \/failing-boundaries \(\/failing-boundaries\) failed:[\s\S]*suspense-content-rejected/);
    expect(logs).toMatch(/\[edgepress\] GET \/failing-boundaries \(\/failing-boundaries\) failed:[\s\S]*fallback-broke/);
  });
});

describe('concurrent requests', () => {
  it('never see each other\'s context, before or after an await', async () => {
    // useContext() in a component body after its own await gives the default (no AsyncLocalStorage
    // at the edge, as in hono); children rendered after the await see the provided value.
    const users = Array.from({ length: 24 }, (_, i) => `user${i}`);
    const bodies = await Promise.all(users.map((u) => built.site.fetch(`/whoami?u=${u}`).then((r) => r.text())));
    bodies.forEach((body, i) => {
      const u = users[i]!;
      const expected = [1, 2, 3, 4].map((n) => `<li>${n}:${u}:${u}:nobody<b>${u}/${u}</b></li>`).join('');
      expect(body).toBe(`<ul>${expected}</ul>`);
    });
  });
});

describe('prerendered and on-demand output', () => {
  it('is byte-for-byte the same for the same page', async () => {
    const prerendered = readFileSync(join(built.root, 'dist/client/static-article/index.html'), 'utf8');
    const live = await (await built.site.fetch('/live-article')).text();
    expect(live).toBe(prerendered);
    expect(live).toContain('<span class="badge dark">one</span>');
    expect(live.startsWith('<!doctype html><html lang="en">')).toBe(true);
  });
});
