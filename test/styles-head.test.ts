/**
 * Where a page's stylesheet links go (src/runtime/render/head-links.ts): before `</head>` when the
 * head is in the text at hand, else right after `<head>` (an async component in the head must not
 * hold them back), else before `<body>`, first in a fragment page, at the end if nothing else.
 */
import { describe, expect, it } from 'vitest';
import { HeadInserter, stylesheetLinks } from '../src/runtime/render/head-links.ts';

const L = '<link rel="stylesheet" href="/_assets/a.css">';
const through = (...chunks: string[]): string => {
  const head = new HeadInserter(L);
  return chunks.map((c) => head.chunk(c)).join('') + head.end();
};

describe('stylesheet links in the head', () => {
  it('go before </head>, after what the page wrote there', () => {
    expect(through('<!doctype html><html><head><title>t</title></head><body>x</body></html>')).toBe(`<!doctype html><html><head><title>t</title>${L}</head><body>x</body></html>`);
  });

  it('go right after <head> when </head> is not in the first chunk, and only once', () => {
    expect(through('<html><head lang="x"><meta charset="utf-8">', '<title>slow</title></head><body></body></html>')).toBe(
      `<html><head lang="x">${L}<meta charset="utf-8"><title>slow</title></head><body></body></html>`,
    );
  });

  it('never take <header> for <head>', () => {
    expect(through('<html><body><header>h</header></body></html>')).toBe(`<html>${L}<body><header>h</header></body></html>`);
  });

  it('go before <body> in a document without a head, and first in a fragment page', () => {
    expect(through('<!doctype html><html><body>x</body></html>')).toBe(`<!doctype html><html>${L}<body>x</body></html>`);
    expect(through('<p>fragment</p>')).toBe(`${L}<p>fragment</p>`);
  });

  it('wait for a later chunk when the first has neither head nor body, and end the page with them otherwise', () => {
    expect(through('<!doctype html>', '<html><head></head></html>')).toBe(`<!doctype html><html><head>${L}</head></html>`);
    expect(through('<!doctype html><html>', '</html>')).toBe(`<!doctype html><html></html>${L}`);
  });

  it('escape the URL and carry the nonce', () => {
    expect(stylesheetLinks(['/a".css', '/b.css'], 'n0nce')).toBe('<link rel="stylesheet" href="/a&quot;.css" nonce="n0nce"><link rel="stylesheet" href="/b.css" nonce="n0nce">');
  });
});
