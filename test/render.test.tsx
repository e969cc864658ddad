/** The streaming renderer, unit by unit: output, order, concurrency, errors, cancel, backpressure. */
import { createContext, useContext, ErrorBoundary, Fragment } from 'hono/jsx';
import { raw } from 'hono/html';
import { Suspense, StreamingContext } from 'hono/jsx/streaming';
import { describe, expect, it } from 'vitest';
import { renderHtmlStream } from '../src/runtime/render/html-stream.ts';
import { withScope } from '../src/runtime/render/scope.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const decoder = new TextDecoder();

/** Reads the whole stream, with the time each chunk arrived. */
async function collect(stream: ReadableStream<Uint8Array>, started = performance.now()) {
  const chunks: Array<{ text: string; at: number }> = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push({ text: decoder.decode(value), at: performance.now() - started });
  }
  return { html: chunks.map((c) => c.text).join(''), chunks };
}

const render = (node: unknown, errors: unknown[] = []) => renderHtmlStream(node, { onError: (e) => errors.push(e) });

async function honoString(node: unknown): Promise<string> {
  return String(await (node as { toString(): string | Promise<string> }).toString());
}

describe('output', () => {
  const trees: Array<[string, () => unknown]> = [
    ['text escaping', () => <p title={'a"b\'c<d>&'}>{'<script>&"\''}</p>],
    ['numbers, booleans, null, arrays', () => <ul>{[1, 0, null, undefined, false, true, 'x', [<li>a</li>, [<li>b</li>]]]}</ul>],
    ['void elements and empty elements', () => <div><br /><img src="a.png" alt="" /><span></span><input disabled={true} checked={false} value="v" /></div>],
    ['renamed and boolean attributes', () => <label className="c" htmlFor="f"><input readOnly={true} required hidden={false} data-x={true} tabIndex={-1} /></label>],
    ['style objects', () => <div style={{ fontSize: 12, lineHeight: 1.5, backgroundColor: 'red', '--custom': '1px', zIndex: 2, margin: 0 }} />],
    ['svg attribute names', () => <svg viewBox="0 0 1 1" strokeWidth={2}><path strokeLinecap="round" fillRule="evenodd" /><title>t</title></svg>],
    ['dangerouslySetInnerHTML and raw()', () => <div><p dangerouslySetInnerHTML={{ __html: '<b>raw</b>' }} />{raw('<i>also raw</i>')}</div>],
    ['fragments and function components', () => {
      const Item = ({ n, children }: { n: number; children?: unknown }) => <li data-n={n}>{children as string}</li>;
      return <><ul>{[1, 2, 3].map((n) => <Item n={n}>item {n}</Item>)}</ul><Fragment><p>f</p></Fragment></>;
    }],
    ['context providers', () => {
      const Theme = createContext('light');
      const Show = () => <b>{useContext(Theme)}</b>;
      return <div><Show /><Theme.Provider value="dark"><Show /><Theme.Provider value="blue"><Show /></Theme.Provider><Show /></Theme.Provider><Show /></div>;
    }],
    ['head and metadata tags', () => <html><head><title>T &amp; t</title><meta charset="utf-8" /><link rel="stylesheet" href="/s.css" /><script src="/a.js" async /><style>{'p{}'}</style></head><body><form method="post"><button type="submit">go</button></form></body></html>],
  ];

  for (const [name, make] of trees) {
    it(`matches hono's own renderer: ${name}`, async () => {
      const expected = await honoString(make());
      const { html } = await collect(render(make()));
      const doctype = expected.startsWith('<html') ? '<!doctype html>' : '';
      expect(html).toBe(doctype + expected);
    });
  }

  it('prepends a doctype only when the root is <html>', async () => {
    expect((await collect(render(<html><body /></html>))).html).toBe('<!doctype html><html><body></body></html>');
    const Layout = () => <html><body>x</body></html>;
    expect((await collect(render(<Layout />))).html).toBe('<!doctype html><html><body>x</body></html>');
    expect((await collect(render(<div />))).html).toBe('<div></div>');
  });

  it('renders a large page in bounded chunks with the same bytes as hono', async () => {
    const page = () => <ul>{Array.from({ length: 20000 }, (_, i) => <li class="item">{`row ${i} <${i}>`}</li>)}</ul>;
    const { html, chunks } = await collect(render(page()));
    expect(html).toBe(await honoString(page()));
    expect(html.length).toBeGreaterThan(700_000);
    // Sent in pieces, not as one page-sized buffer.
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) expect(c.text.length).toBeLessThan(200 * 1024);
  });
});

describe('async components', () => {
  it('keep document order under random delays, nested and side by side', async () => {
    // Seeded (mulberry32), so a failure replays with the same delays.
    let seed = 0x5eed;
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const delays = Array.from({ length: 40 }, () => Math.floor(random() * 30));
    expect(new Set(delays).size).toBeGreaterThan(10);
    const Leaf = async ({ i }: { i: number }) => {
      await sleep(delays[i]!);
      return <i>{i}</i>;
    };
    const Branch = async ({ i }: { i: number }) => {
      await sleep(delays[(i * 7) % 40]!);
      return <b>[<Leaf i={i} />|<Leaf i={(i + 1) % 40} />]</b>;
    };
    const tree = <div>{delays.map((_, i) => (i % 3 === 0 ? <Branch i={i} /> : <Leaf i={i} />))}</div>;
    const expected = `<div>${delays.map((_, i) => (i % 3 === 0 ? `<b>[<i>${i}</i>|<i>${(i + 1) % 40}</i>]</b>` : `<i>${i}</i>`)).join('')}</div>`;
    expect((await collect(render(tree))).html).toBe(expected);
  });

  it('flush what comes before a slow component before it resolves', async () => {
    let resolved = false;
    const Slow = async () => {
      await sleep(150);
      resolved = true;
      return <p>slow</p>;
    };
    const reader = render(<main><h1>first</h1><Slow /></main>).getReader();
    const first = await reader.read();
    expect(resolved).toBe(false);
    expect(decoder.decode(first.value)).toBe('<main><h1>first</h1>');
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += decoder.decode(r.value);
    expect(rest).toBe('<p>slow</p></main>');
  });

  it('run side by side: each of three 100 ms siblings starts before any finishes', async () => {
    let started = 0;
    const Wait = async ({ n }: { n: number }) => {
      started++;
      await sleep(100);
      return <p>{`${n} of ${started}`}</p>;
    };
    const begun = performance.now();
    const { html } = await collect(render(<div><Wait n={1} /><Wait n={2} /><Wait n={3} /></div>), begun);
    expect(html).toBe('<div><p>1 of 3</p><p>2 of 3</p><p>3 of 3</p></div>');
    // A loaded machine only delays timers: the lower bound holds; no upper bound belongs in a test.
    expect(performance.now() - begun).toBeGreaterThanOrEqual(95);
  });

  it('start a later sibling while an earlier one is still pending', async () => {
    const started: string[] = [];
    const Track = async ({ name, ms }: { name: string; ms: number }) => {
      started.push(name);
      await sleep(ms);
      return <span>{name}</span>;
    };
    const big = Array.from({ length: 3000 }, (_, i) => <p>{`filler ${i}`}</p>);
    const stream = render(<div><Track name="a" ms={60} />{big}<Track name="b" ms={1} /></div>);
    const { html } = await collect(stream);
    expect(started).toEqual(['a', 'b']);
    expect(html.endsWith('<span>b</span></div>')).toBe(true);
  });

  it('see context values provided above them, before and after they await', async () => {
    const Ctx = createContext('default');
    const Async = async () => {
      const before = useContext(Ctx);
      await sleep(5);
      return <p>{before}<Inner /></p>;
    };
    const Inner = () => <b>{useContext(Ctx)}</b>;
    const { html } = await collect(render(<Ctx.Provider value="provided"><Async /></Ctx.Provider>));
    expect(html).toBe('<p>provided<b>provided</b></p>');
  });
});

describe('Suspense and ErrorBoundary', () => {
  it('Suspense streams the fallback first, then the content with hono\'s swap script', async () => {
    const Data = async () => {
      await sleep(30);
      return <p>loaded</p>;
    };
    const { chunks, html } = await collect(render(<div><Suspense fallback={<i>loading</i>}><Data /></Suspense><footer>end</footer></div>));
    expect(chunks[0]!.text).toBe('<div><template id="H:0"></template><i>loading</i><!--/$--><footer>end</footer></div>');
    expect(html).toContain('<template data-hono-target="H:0"><p>loaded</p></template><script>');
    expect(html).toContain("d=d.getElementById('H:0')");
  });

  it('Suspense takes the script nonce from the innermost StreamingContext', async () => {
    const Data = async () => {
      await sleep(1);
      return <p>x</p>;
    };
    const tree = (
      <StreamingContext.Provider value={{ scriptNonce: 'outer' }}>
        <StreamingContext.Provider value={{ scriptNonce: 'in"ner' }}>
          <Suspense fallback={<i>…</i>}><Data /></Suspense>
        </StreamingContext.Provider>
      </StreamingContext.Provider>
    );
    expect((await collect(render(tree))).html).toContain('<script nonce="in&quot;ner">');
  });

  it('a component of the user named Suspense is just a component', async () => {
    const Suspense = ({ children }: { children?: unknown }) => <section>{children as string}</section>;
    expect((await collect(render(<Suspense>mine</Suspense>))).html).toBe('<section>mine</section>');
  });

  it('Suspense around synchronous content renders it in place', async () => {
    const { html } = await collect(render(<Suspense fallback={<i>x</i>}><p>now</p></Suspense>));
    expect(html).toBe('<p>now</p>');
  });

  it('ErrorBoundary shows the fallback for a sync or an async error, in place', async () => {
    const Sync = (): never => {
      throw new Error('sync');
    };
    const Async = async (): Promise<never> => {
      await sleep(5);
      throw new Error('async');
    };
    const caught: string[] = [];
    const tree = (
      <div>
        <ErrorBoundary fallback={<b>fb1</b>} onError={(e: Error) => caught.push(e.message)}><Sync /></ErrorBoundary>
        <ErrorBoundary fallbackRender={(e: Error) => <b>fb2 {e.message}</b>}><Async /></ErrorBoundary>
        <ErrorBoundary fallback={<b>unused</b>}><p>fine</p></ErrorBoundary>
      </div>
    );
    const errors: unknown[] = [];
    expect((await collect(render(tree, errors))).html).toBe('<div><b>fb1</b><b>fb2 async</b><p>fine</p></div>');
    expect(caught).toEqual(['sync']);
    expect(errors).toEqual([]);
  });
});

describe('Suspense and ErrorBoundary when things fail', () => {
  const Rejects = async ({ message }: { message: string }): Promise<never> => {
    await sleep(5);
    throw new Error(message);
  };
  const Throws = ({ message }: { message: string }): never => {
    throw new Error(message);
  };
  const messages = (errors: unknown[]) => errors.map((e) => (e as Error).message);

  it('a Suspense whose content rejects keeps its fallback, completes the document and reports the error', async () => {
    const errors: unknown[] = [];
    const { html } = await collect(render(<div><Suspense fallback={<i>loading</i>}><Rejects message="suspended" /></Suspense><p>after</p></div>, errors));
    expect(html).toBe('<div><template id="H:0"></template><i>loading</i><!--/$--><p>after</p></div>');
    expect(messages(errors)).toEqual(['suspended']);
  });

  it('a Suspense that rejects inside an ErrorBoundary swaps the boundary\'s region for its fallback', async () => {
    const errors: unknown[] = [];
    const caught: string[] = [];
    const tree = (
      <div>
        <ErrorBoundary fallback={<b>widget down</b>} onError={(e: Error) => caught.push(e.message)}>
          <h2>widget</h2>
          <Suspense fallback={<i>loading</i>}><Rejects message="inner" /></Suspense>
        </ErrorBoundary>
        <p>after</p>
      </div>
    );
    const { html } = await collect(render(tree, errors));
    expect(html).toBe(
      '<div><template id="E:0"></template><h2>widget</h2><template id="H:0"></template><i>loading</i><!--/$--><!--E:0--><p>after</p></div>' +
        '<template data-hono-target="E:0"><b>widget down</b></template><script>\n((d,c,n) => {\nc=d.currentScript.previousSibling\nd=d.getElementById(\'E:0\')\nif(!d)return\n' +
        "do{n=d.nextSibling;n.remove()}while(n.nodeType!=8||n.nodeValue!='E:0')\nd.replaceWith(c.content)\n})(document)\n</script>",
    );
    expect(caught).toEqual(['inner']);
    expect(errors).toEqual([]);
  });

  it('a Suspense that succeeds inside an ErrorBoundary swaps in as usual', async () => {
    const Data = async () => {
      await sleep(5);
      return <p>data</p>;
    };
    const { html } = await collect(render(<ErrorBoundary fallback={<b>x</b>}><Suspense fallback={<i>…</i>}><Data /></Suspense></ErrorBoundary>));
    expect(html.startsWith('<template id="E:0"></template><template id="H:0"></template><i>…</i><!--/$--><!--E:0--><template data-hono-target="H:0"><p>data</p></template>')).toBe(true);
    expect(html).not.toContain('data-hono-target="E:0"');
  });

  it('an ErrorBoundary whose fallback throws renders nothing, reports the error and lets the page finish', async () => {
    const cases: Array<[string, unknown]> = [
      ['sync content, throwing fallbackRender', <ErrorBoundary fallbackRender={() => { throw new Error('fallback'); }}><Throws message="content" /></ErrorBoundary>],
      ['sync content, fallback component that throws', <ErrorBoundary fallback={<Throws message="fallback" />}><Throws message="content" /></ErrorBoundary>],
      ['async content, fallback component that throws', <ErrorBoundary fallback={<Throws message="fallback" />}><Rejects message="content" /></ErrorBoundary>],
      ['async content, async fallback that rejects', <ErrorBoundary fallback={<Rejects message="fallback" />}><Rejects message="content" /></ErrorBoundary>],
      ['a throwing onError', <ErrorBoundary fallback={<b>x</b>} onError={() => { throw new Error('fallback'); }}><Rejects message="content" /></ErrorBoundary>],
    ];
    for (const [name, boundary] of cases) {
      const errors: unknown[] = [];
      const { html } = await collect(render(<div><h1>before</h1>{boundary}<p>after</p></div>, errors));
      expect(html, name).toBe('<div><h1>before</h1><p>after</p></div>');
      expect(messages(errors), name).toEqual(['fallback']);
    }
  });

  it('a failing fallback goes to the enclosing ErrorBoundary', async () => {
    for (const Inner of [Throws, Rejects]) {
      const errors: unknown[] = [];
      const tree = (
        <div>
          <ErrorBoundary fallbackRender={(e: Error) => <b>outer caught {e.message}</b>}>
            <p>kept only if all succeeds</p>
            <ErrorBoundary fallback={<Inner message="inner fallback" />}><Rejects message="content" /></ErrorBoundary>
          </ErrorBoundary>
        </div>
      );
      expect((await collect(render(tree, errors))).html).toBe('<div><b>outer caught inner fallback</b></div>');
      expect(errors).toEqual([]);
    }
  });

  it('a Suspense failure whose boundary fallback fails too goes up a level, else empties the region and is reported', async () => {
    const errors: unknown[] = [];
    const tree = (
      <ErrorBoundary fallback={<b>outer</b>}>
        <ErrorBoundary fallback={<Throws message="inner fallback" />}>
          <Suspense fallback={<i>…</i>}><Rejects message="content" /></Suspense>
        </ErrorBoundary>
      </ErrorBoundary>
    );
    const { html } = await collect(render(tree, errors));
    // Ids go innermost first: the inner region is E:0, the outer E:1, and the outer one is replaced.
    expect(html.startsWith('<template id="E:1"></template><template id="E:0"></template><template id="H:0"></template><i>…</i><!--/$--><!--E:0--><!--E:1-->')).toBe(true);
    expect(html).toContain('<template data-hono-target="E:1"><b>outer</b></template>');
    expect(html).toContain("d=d.getElementById('E:1')");
    expect(html).not.toContain('data-hono-target="E:0"');
    expect(errors).toEqual([]);

    const alone: unknown[] = [];
    const lone = await collect(render(<ErrorBoundary fallback={<Throws message="fallback" />}><Suspense fallback={<i>…</i>}><Rejects message="content" /></Suspense></ErrorBoundary>, alone));
    // As in order: a boundary whose fallback fails renders nothing, so its region is emptied.
    expect(lone.html.startsWith('<template id="E:0"></template><template id="H:0"></template><i>…</i><!--/$--><!--E:0--><template data-hono-target="E:0"></template><script>')).toBe(true);
    expect(messages(alone)).toEqual(['fallback']);
  });
});

describe('failures and cancellation', () => {
  it('a component that throws before the first byte throws from renderHtmlStream', () => {
    const Bad = (): never => {
      throw new Error('early');
    };
    expect(() => render(<div><Bad /></div>)).toThrow('early');
  });

  it('an error after the first byte is reported and the stream closes cleanly', async () => {
    const Late = async (): Promise<never> => {
      await sleep(10);
      throw new Error('late');
    };
    const errors: unknown[] = [];
    const { html } = await collect(render(<div><h1>ok</h1><Late /><p>never</p></div>, errors));
    expect(html).toBe('<div><h1>ok</h1>');
    expect((errors[0] as Error).message).toBe('late');
  });

  it('the error marker is written in development only when asked', async () => {
    const Late = async (): Promise<never> => {
      await sleep(1);
      throw new Error('bad -- thing');
    };
    const stream = renderHtmlStream(<div><Late /></div>, { onError: () => {}, errorMarker: (e) => `<!-- ${(e as Error).message.replace(/--/g, '')} -->` });
    expect((await collect(stream)).html).toBe('<div><!-- bad  thing -->');
  });

  it('a cancelled stream starts no further components', async () => {
    const calls: string[] = [];
    const Child = () => {
      calls.push('child');
      return <b>child</b>;
    };
    const Parent = async () => {
      await sleep(40);
      calls.push('parent');
      return <Child />;
    };
    const stream = render(<div><p>head</p><Parent /></div>);
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    await sleep(80);
    // Parent had already started (user code runs on); what it returned is never rendered.
    expect(calls).toEqual(['parent']);
  });

  it('renders ahead of a slow reader only a bounded amount (backpressure)', async () => {
    let calls = 0;
    const Row = ({ i }: { i: number }) => {
      calls++;
      return <p>{`row ${i} `.repeat(20)}</p>;
    };
    const total = 20000;
    const stream = render(<div>{Array.from({ length: total }, (_, i) => <Row i={i} />)}</div>);
    const reader = stream.getReader();
    await reader.read();
    await sleep(20);
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThan(total / 4);
    await reader.cancel();
  });
});

describe('the render scope', () => {
  it('is visible to components during their synchronous part only', async () => {
    const { currentScope } = await import('../src/runtime/render/scope.ts');
    const seen: unknown[] = [];
    const Sync = () => {
      seen.push((currentScope()?.page as { id: string }).id);
      return <i />;
    };
    const scope = { page: { id: 'req-1' }, component: '', sent: true };
    const { html } = await collect(renderHtmlStream(<div><Sync /></div>, { onError: () => {}, scope }));
    expect(html).toBe('<div><i></i></div>');
    expect(seen).toEqual(['req-1']);
    expect(currentScope()).toBeUndefined();
    expect(withScope(undefined, () => currentScope())).toBeUndefined();
  });
});
