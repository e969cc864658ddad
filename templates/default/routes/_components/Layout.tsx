import type { Child } from 'hono/jsx';
// Linked into the <head> of every page that renders this layout, hashed under /_assets/.
import './Layout.css';

/** The page shell every page shares. */
export function Layout({ title, children }: { title: string; children?: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <header>
          <nav>
            <a href="/">Home</a>
            <a href="/blog">Blog</a>
            <a href="/visits">Visits</a>
            <a href="/newsletter">Newsletter</a>
            <a href="/api/hello">API</a>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
