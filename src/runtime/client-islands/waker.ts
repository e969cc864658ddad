/**
 * The inline script after each client island: it wakes the island (`<edgepress-island>`, its
 * previous sibling) when its `data-w` says, and imports its module, whose default export renders
 * it. One text for every island, so a prerendered page's hash policy holds one hash for all of
 * them and on-demand pages give it the response's nonce. A classic script runs as soon as it is
 * parsed: an island hydrates while the rest of a streamed page still arrives, and one put in
 * place later (a Suspense swap, a server island) runs its script then.
 */
import { escapeHtml } from '../render/escape.ts';

/** The waker's source, minified by hand (its size is in docs/client-islands.md). */
export const WAKER =
  "(s=>{let e=s.previousElementSibling,d=e.dataset,w=d.w,f=()=>{f=()=>{};import(d.c).then(m=>m.default(e))},o,q,g;" +
  "if(w=='visible'){o=new IntersectionObserver(x=>{if(x.some(i=>i.isIntersecting)){o.disconnect();f()}});for(let c of e.children.length?e.children:[e])o.observe(c)}" +
  "else if(w=='idle')self.requestIdleCallback?requestIdleCallback(()=>f()):setTimeout(f,200);" +
  "else if(w=='media'){q=matchMedia(d.m);g=()=>q.matches&&(q.onchange=null,f());q.onchange=g;g()}else f()})(document.currentScript)";

/** The waker as an element, with the response's nonce when it has a policy. */
export function wakerScript(nonce: string): string {
  return `<script${nonce ? ` nonce="${escapeHtml(nonce)}"` : ''}>${WAKER}</script>`;
}

/** `<link rel="modulepreload">` for each URL. */
export function modulePreloads(urls: string[]): string {
  return urls.map((url) => `<link rel="modulepreload" href="${escapeHtml(url)}">`).join('');
}
