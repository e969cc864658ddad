import type { PageContext } from 'edgepress';
import { Layout } from './_components/Layout';

// Rendered per request instead of at build time.
export const prerender = false;

/** Counts this visitor's visits in a cookie. */
export default function Visits({ cookies, response }: PageContext) {
  const previous = cookies.get('visits')?.number() ?? 0;
  // A cookie someone edited ('abc', '-5', '1e309') starts the count again.
  const visits = (Number.isSafeInteger(previous) && previous > 0 ? previous : 0) + 1;
  cookies.set('visits', String(visits), { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 });
  response.headers.set('cache-control', 'private, no-store');
  return (
    <Layout title="Visits">
      <h1>Visits</h1>
      <p>
        You have been here <strong id="visits">{visits}</strong> {visits === 1 ? 'time' : 'times'}.
      </p>
    </Layout>
  );
}
