import type { Child } from 'hono/jsx';
// Imported CSS is bundled, hashed and linked from every page that uses this layout.
import './Layout.css';

/** The demo's shared page frame. */
export function Layout({ title, children }: { title: string; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title} · edgepress demo</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <nav>
          <a href="/">Home</a> <a href="/about">About</a> <a href="/blog">Blog</a> <a href="/products/1">Products</a>{' '}
          <a href="/counter">Counter</a> <a href="/stream">Streaming</a> <a href="/api/random">Random</a>
        </nav>
        <main>{children}</main>
      </body>
    </html>
  );
}
