/**
 * The "no framework" reference: the benchmark's routes written by hand with plain hono and
 * hono/jsx, one worker module. Same markup as bench/site, so the bytes match.
 */
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { renderToReadableStream, Suspense } from 'hono/jsx/streaming';
import { ITEMS, lookupProduct, NAV, paragraphs, sleep, STREAM_DELAY_MS, tableRows, type Row } from '../shared/data.ts';

const DOCTYPE = raw('<!doctype html>');

function Layout({ title, children }: { title: string; children?: Child }) {
  return (
    <>
      {DOCTYPE}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{title}</title>
        </head>
        <body>
          <nav class="site-nav">
            <ul>
              {NAV.map((link) => (
                <li>
                  <a href={link.href} class="nav-link">{link.label}</a>
                </li>
              ))}
            </ul>
          </nav>
          <main>{children}</main>
        </body>
      </html>
    </>
  );
}

function Table({ rows }: { rows: Row[] }) {
  return (
    <>
      {DOCTYPE}
      <html>
        <head><title>Table</title></head>
        <body>
          <table>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <td>{row.id}</td>
                  <td>{row.label}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </body>
      </html>
    </>
  );
}

async function Slow({ name }: { name: string }) {
  const text = await sleep(STREAM_DELAY_MS, `${name} done`);
  return <section><h2>{name}</h2><p>{text}</p></section>;
}

const app = new Hono();

app.get('/', (c) =>
  c.html(
    <Layout title="Home">
      <h1>edgepress benchmark</h1>
      {paragraphs(0).map((p) => <p>{p}</p>)}
    </Layout>,
  ),
);

app.get('/static/:n', (c) => {
  const n = c.req.param('n');
  return c.html(
    <Layout title={`Static page ${n}`}>
      <h1>Static page {n}</h1>
      {paragraphs(Number(n)).map((p) => <p>{p}</p>)}
    </Layout>,
  );
});

app.get('/ssr', (c) => {
  const visits = (Number(getCookie(c, 'visits')) || 0) + 1;
  setCookie(c, 'visits', String(visits), { path: '/', httpOnly: true });
  c.header('x-bench', 'ssr');
  return c.html(
    <Layout title="SSR">
      <h1>Visit {visits}</h1>
      <ul class="items">{ITEMS.map((item) => <li class="item">{item}</li>)}</ul>
    </Layout>,
  );
});

app.get('/table', async (c) => {
  const rows = await tableRows();
  return c.html(<Table rows={rows} />);
});

app.get('/products/:id', (c) => {
  const product = lookupProduct(c.req.param('id'));
  if (product.kind === 'missing') return c.notFound();
  if (product.kind === 'moved') return c.redirect(`/products/${product.to}`, 301);
  return c.html(
    <Layout title={product.name}>
      <h1>{product.name}</h1>
      <p class="price">${product.price}</p>
    </Layout>,
  );
});

// hono's own streaming: each slow sibling in a Suspense boundary, so the shell goes first.
app.get('/stream', (c) =>
  c.body(
    renderToReadableStream(
      <Layout title="Stream">
        <Suspense fallback={<p>loading</p>}><Slow name="one" /></Suspense>
        <Suspense fallback={<p>loading</p>}><Slow name="two" /></Suspense>
        <Suspense fallback={<p>loading</p>}><Slow name="three" /></Suspense>
      </Layout>,
    ),
    200,
    { 'content-type': 'text/html; charset=utf-8', 'transfer-encoding': 'chunked' },
  ),
);

app.get('/api/echo', (c) => c.json({ path: c.req.path, q: c.req.query('q') ?? null }));

app.notFound((c) =>
  c.html(
    <Layout title="Not found">
      <h1>Page not found</h1>
    </Layout>,
    404,
  ),
);

export default app;
