/** Headless Chromium driven by playwright-core: the system's, or the npm one (test/helpers/chromium.ts); no browser download. */
import { chromium, type Browser, type Page } from 'playwright-core';
import { chooseChromium } from './chromium.ts';

/** Launches headless Chromium (which one: `chooseChromium`). */
export async function launchBrowser(): Promise<Browser> {
  const { executablePath } = await chooseChromium();
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

/** What the page saw while it loaded, recorded by `watchArrivals`. */
export interface Arrivals {
  /** ms after navigation start when `h1#top` entered the DOM. */
  headingAt?: number;
  /** Whether `#slowest` was absent when the heading arrived: the heading painted on its own. */
  headingBeforeSlowest?: boolean;
  slowestAt?: number;
  fallbackSeen?: boolean;
  resolvedAt?: number;
}

/** Records, from the first byte on, when the heading, the slowest section and a Suspense's content arrive. */
export async function watchArrivals(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: Record<string, unknown> = {};
    (window as unknown as { __arrivals: Record<string, unknown> }).__arrivals = seen;
    new MutationObserver(() => {
      const now = performance.now();
      if (seen.headingAt === undefined && document.getElementById('top')) {
        seen.headingAt = now;
        seen.headingBeforeSlowest = !document.getElementById('slowest');
      }
      if (seen.slowestAt === undefined && document.getElementById('slowest')) seen.slowestAt = now;
      if (document.getElementById('fallback')) seen.fallbackSeen = true;
      if (seen.resolvedAt === undefined && document.getElementById('resolved')) seen.resolvedAt = now;
    }).observe(document, { childList: true, subtree: true });
  });
}

/** The arrivals recorded in `page`. */
export function arrivals(page: Page): Promise<Arrivals> {
  return page.evaluate(() => (window as unknown as { __arrivals: Arrivals }).__arrivals);
}

/** A page with a heading, a Suspense that resolves after 100 ms and a section that takes `slowMs`. */
export const PAINT_PAGE = (slowMs: number): string => `import { Suspense } from 'hono/jsx';
export const prerender = false;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function Slowest() {
  await wait(${slowMs});
  return <section id="slowest">slowest section</section>;
}
async function Later() {
  await wait(100);
  return <p id="resolved">resolved content</p>;
}
export default function Paint() {
  return (
    <html>
      <head><title>Paint</title></head>
      <body>
        <h1 id="top">Streaming heading</h1>
        <Suspense fallback={<p id="fallback">loading…</p>}>
          <Later />
        </Suspense>
        <Slowest />
      </body>
    </html>
  );
}
`;
