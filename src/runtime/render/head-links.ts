/**
 * A page's stylesheet links (known per route at build time), put into its `<head>` as the HTML
 * leaves the renderer: before `</head>` when the head is complete in the text at hand, else just
 * after `<head>` (an async component in the head must not hold the links back), else before
 * `<body>`; a fragment page gets them first. Nothing waits: each chunk is looked at once, only
 * until the links are in.
 */
import { escapeHtml } from './escape.ts';

/** `<link rel="stylesheet">` for each URL; under a CSP, with the page's nonce. */
export function stylesheetLinks(urls: readonly string[], nonce: string | undefined): string {
  const attr = nonce ? ` nonce="${nonce}"` : '';
  let html = '';
  for (const url of urls) html += `<link rel="stylesheet" href="${escapeHtml(url)}"${attr}>`;
  return html;
}

/** The inserter of a page's stylesheet links (what a bundle with imported stylesheets gives the handler as `app.styles`). */
export function headLinks(urls: readonly string[], nonce: string | undefined): HeadInserter {
  return new HeadInserter(stylesheetLinks(urls, nonce));
}

const HEAD_OPEN = /<head(?:\s[^>]*)?>/;
const BODY_OPEN = /<body[\s>]/;
const DOCUMENT_START = /^\s*<(?:!doctype|html)[\s>]/i;

/** Inserts `html` into the first chunks of a page; `end()` gives what is left when no place was found. */
export class HeadInserter {
  #pending = true;
  #first = true;

  readonly #html: string;

  constructor(html: string) {
    this.#html = html;
  }

  chunk(text: string): string {
    if (!this.#pending || text === '') return text;
    if (this.#first) {
      this.#first = false;
      if (!DOCUMENT_START.test(text)) return this.#at(text, 0);
    }
    const close = text.indexOf('</head>');
    if (close >= 0) return this.#at(text, close);
    const open = HEAD_OPEN.exec(text);
    if (open) return this.#at(text, open.index + open[0].length);
    const body = text.search(BODY_OPEN);
    if (body >= 0) return this.#at(text, body);
    return text;
  }

  /** The links, if the page ended before a place for them came (a stylesheet in the body still applies). */
  end(): string {
    if (!this.#pending) return '';
    this.#pending = false;
    return this.#html;
  }

  #at(text: string, index: number): string {
    this.#pending = false;
    return text.slice(0, index) + this.#html + text.slice(index);
  }
}
