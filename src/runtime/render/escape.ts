/** HTML escaping with the same output as hono/jsx (`& < > " '`), and a no-copy fast path. */

const needsEscape = /[&<>"']/;

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  const first = s.search(needsEscape);
  if (first === -1) return s;
  let out = s.slice(0, first);
  let last = first;
  for (let i = first; i < s.length; i++) {
    let rep: string;
    switch (s.charCodeAt(i)) {
      case 34: rep = '&quot;'; break;
      case 38: rep = '&amp;'; break;
      case 39: rep = '&#39;'; break;
      case 60: rep = '&lt;'; break;
      case 62: rep = '&gt;'; break;
      default: continue;
    }
    if (last !== i) out += s.slice(last, i);
    out += rep;
    last = i + 1;
  }
  return last === s.length ? out : out + s.slice(last);
}
