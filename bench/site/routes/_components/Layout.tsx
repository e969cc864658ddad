import type { Child } from 'hono/jsx';
import { NAV } from '../../../shared/data.ts';

/** The page shell: head, a 20-link nav, the content. */
export function Layout({ title, children }: { title: string; children?: Child }) {
  return (
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
  );
}
