/**
 * hono's out-of-order protocol, written after the document: a `<template data-hono-target>` with
 * the new HTML and a script that puts it where the placeholder region is. `H:n` regions are
 * Suspense fallbacks (ending at `<!--/$-->`), `E:n` regions ErrorBoundary content (ending at
 * `<!--E:n-->`), so pages keep working with hono's client-side expectations.
 */

/** Replaces Suspense region `H:id` (fallback) with `html`. */
export function suspenseSwap(id: number, html: string, nonceAttr: string): string {
  return `<template data-hono-target="H:${id}">${html}</template><script${nonceAttr}>\n((d,c,n) => {\nc=d.currentScript.previousSibling\nd=d.getElementById('H:${id}')\nif(!d)return\ndo{n=d.nextSibling;n.remove()}while(n.nodeType!=8||n.nodeValue!='/$')\nd.replaceWith(c.content)\n})(document)\n</script>`;
}

/** Replaces ErrorBoundary region `E:id` (its content so far) with its fallback `html`. */
export function boundarySwap(id: number, html: string, nonceAttr: string): string {
  return `<template data-hono-target="E:${id}">${html}</template><script${nonceAttr}>\n((d,c,n) => {\nc=d.currentScript.previousSibling\nd=d.getElementById('E:${id}')\nif(!d)return\ndo{n=d.nextSibling;n.remove()}while(n.nodeType!=8||n.nodeValue!='E:${id}')\nd.replaceWith(c.content)\n})(document)\n</script>`;
}

/** Removes the markers of ErrorBoundary region `E:id` once nothing in it can fail any more (hono's last script). */
export function boundaryCleanup(id: number, nonceAttr: string): string {
  return `<script${nonceAttr}>\n((d,c,n) => {\nd=d.getElementById('E:${id}')\nif(!d)return\nn=d.nextSibling\nwhile(n.nodeType!=8||n.nodeValue!='E:${id}'){n=n.nextSibling}\nn.remove()\nd.remove()\n})(document)\n</script>`;
}
