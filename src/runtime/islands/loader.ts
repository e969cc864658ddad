/**
 * What a deferred component writes into the page: a marker `<template>` naming its island and
 * props, the fallback, and the loader. The loader is inline (one request less, and a CSP nonce or
 * hash covers it) and the same text for every island, so a page's hash policy holds one hash.
 * It finds its marker (the nearest previous `data-island` sibling), fetches the island with the
 * page's path, and on a 200 text/html answer replaces everything between the marker and itself;
 * otherwise the fallback stays. HTML set through a template's innerHTML runs no scripts, so the
 * client islands in it (their wakers inert) are hydrated by the loader, at once.
 */
import { escapeHtml } from '../render/escape.ts';

/** The loader's source, minified by hand (its size is in docs/islands.md). */
export const LOADER =
  "(s=>{let t=s,d,u;while(!t.dataset?.island)t=t.previousSibling;d=t.dataset;u=d.island+'?u='+encodeURIComponent(location.pathname+location.search);" +
  "fetch(d.post!=null?u:u+'&p='+d.p,d.post!=null?{method:'POST',body:d.p}:{}).then(r=>r.ok&&/^text\\/html/.test(r.headers.get('content-type'))?r.text():null)" +
  '.then(h=>{if(h==null)return;while(t.nextSibling!=s)t.nextSibling.remove();t.innerHTML=h;for(let e of t.content.querySelectorAll("edgepress-island"))import(e.dataset.c).then(m=>m.default(e));t.replaceWith(t.content);s.remove()}).catch(()=>{})})(document.currentScript)';

/** Tokens longer than this go in a POST body: with the path and `u`, the URL stays under ~2 KB, which every CDN and browser takes. */
export const URL_TOKEN_LIMIT = 1500;

/** A POST body (the sealed props) above this answers 413; a render that seals more throws. */
export const BODY_LIMIT = 64 * 1024;

/** The marker before the fallback. */
export function islandMarker(path: string, token: string): string {
  const post = token.length > URL_TOKEN_LIMIT ? ' data-post' : '';
  return `<template data-island="${escapeHtml(path)}" data-p="${token}"${post}></template>`;
}

/** The loader after the fallback, with the response's nonce when it has a policy. */
export function loaderScript(nonce: string): string {
  return `<script${nonce ? ` nonce="${escapeHtml(nonce)}"` : ''}>${LOADER}</script>`;
}
