/**
 * The script the dev server adds to every HTML page (never to a build): it reloads the page
 * after a rebuild, swaps a changed stylesheet without a reload, and shows the source-mapped
 * details of an error that broke a stream.
 */
export const CLIENT_PATH = '/__edgepress/client.js';
export const EVENTS_PATH = '/__edgepress/events';
export const MAP_PATH = '/__edgepress/error-details';

export const RELOAD_SCRIPT_TAG = `<script type="module" src="${CLIENT_PATH}"></script>`;

/** The tag for a page served by build `generation`: a page that was served by an older build reloads when it connects. */
export function reloadScriptTag(generation: number): string {
  return RELOAD_SCRIPT_TAG.replace(CLIENT_PATH, `${CLIENT_PATH}?g=${generation}`);
}

export const CLIENT_SCRIPT = `// edgepress dev: live reload
let server;
// The build that served this page: a reload sent while the page was loading is not missed.
const served = new URL(import.meta.url).searchParams.get('g');
const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
events.addEventListener('hello', (e) => {
  const [id, generation] = e.data.split(':');
  // A restarted dev server may have rebuilt while this page was away.
  if ((server !== undefined && server !== id) || (served !== null && generation !== served)) location.reload();
  server = id;
});
events.addEventListener('reload', () => location.reload());
function swap(paths) {
  let swapped = false;
  for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
    const url = new URL(link.href);
    if (!paths.includes(url.pathname)) continue;
    url.searchParams.set('t', Date.now());
    link.href = url.href;
    swapped = true;
  }
  return swapped;
}
events.addEventListener('css', (e) => {
  if (!swap([new URL(e.data, location.href).pathname])) location.reload();
});
// Imported stylesheets: a page that links none of them is not concerned.
events.addEventListener('styles', (e) => swap(JSON.parse(e.data)));
async function details() {
  for (const block of document.querySelectorAll('edgepress-error[data-error]:not([data-mapped])')) {
    block.setAttribute('data-mapped', '');
    const res = await fetch(${JSON.stringify(MAP_PATH)}, { method: 'POST', body: block.getAttribute('data-error') });
    if (res.ok) block.innerHTML = await res.text();
  }
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', details);
else details();
`;
