/**
 * The document a browser ends with once hono's out-of-order scripts have run, computed on the
 * text: each `<template data-hono-target>` + `<script>` pair after the document is applied in
 * order (Suspense swap, ErrorBoundary fallback swap, ErrorBoundary content insertion), and so is
 * each script that removes an ErrorBoundary's markers. Lets tests compare two streams whose
 * parts arrive in another order, with other ids, or in place where the other swaps them in.
 */

const TARGET = '<template data-hono-target="';

/** `html` after every swap script in it ran. */
export function settle(html: string): string {
  for (;;) {
    const cleanup = /<script[^>]*>\n\(\(d,c,n\) => \{\nd=d\.getElementById\('E:(\d+)'\)\nif\(!d\)return\nn=d\.nextSibling[\s\S]*?<\/script>/.exec(html);
    const start = html.indexOf(TARGET);
    if (cleanup && (start === -1 || cleanup.index < start)) {
      html = removeScript(html, cleanup.index, cleanup[0].length);
      const live = html.slice(0, cleanup.index);
      const open = `<template id="E:${cleanup[1]}"></template>`;
      const at = live.indexOf(open);
      const close = live.indexOf(`<!--E:${cleanup[1]}-->`, at);
      if (at !== -1 && close !== -1) html = html.slice(0, at) + html.slice(at + open.length, close) + html.slice(close + `<!--E:${cleanup[1]}-->`.length);
      continue;
    }
    if (start === -1) return html;
    const idStart = start + TARGET.length;
    const target = html.slice(idStart, html.indexOf('"', idStart));
    const contentStart = html.indexOf('>', idStart) + 1;
    const contentEnd = closingTemplate(html, contentStart);
    const content = html.slice(contentStart, contentEnd);
    const scriptEnd = html.indexOf('</script>', contentEnd) + '</script>'.length;
    const script = html.slice(contentEnd, scriptEnd);
    html = html.slice(0, start) + html.slice(scriptEnd);
    // The live document: what comes before the script. A target still inside a later swap's
    // <template> is not in the DOM yet, and the script's `if(!d)return` gives up on it.
    const marker = `<template id="${target}"></template>`;
    const at = html.lastIndexOf(marker, start - marker.length);
    if (at === -1) continue;
    if (target.startsWith('H:')) {
      const end = html.indexOf('<!--/$-->', at) + '<!--/$-->'.length;
      html = html.slice(0, at) + content + html.slice(end);
    } else if (script.includes('insertBefore')) {
      html = html.slice(0, at + marker.length) + content + html.slice(at + marker.length);
    } else {
      const close = `<!--${target}-->`;
      const end = html.indexOf(close, at) + close.length;
      html = html.slice(0, at) + content + html.slice(end);
    }
  }
}

function removeScript(html: string, at: number, length: number): string {
  return html.slice(0, at) + html.slice(at + length);
}

/** Where the `</template>` closing the template whose content starts at `from` is (templates nest). */
function closingTemplate(html: string, from: number): number {
  let depth = 0;
  const re = /<template[\s>]|<\/template>/g;
  re.lastIndex = from;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[0] === '</template>') {
      if (depth === 0) return m.index;
      depth--;
    } else depth++;
  }
  throw new Error(`unclosed <template> at ${from}`);
}

/** True when an ErrorBoundary marker is left in `html`. */
export function hasBoundaryMarkers(html: string): boolean {
  return /<template id="E:\d+"><\/template>|<!--E:\d+-->/.test(html);
}
