import type { PageContext } from 'edgepress';
import { Layout } from './_components/Layout.tsx';
import Clicker from '../islands/clicker.tsx';

export const prerender = false;

/** A page-view counter kept in a cookie: read it, bump it, set it back. */
export default function Counter({ cookies, response }: PageContext) {
  const previous = cookies.get('views')?.number() ?? 0;
  // A tampered cookie ('NaN', '1e309', '-5') starts the count again.
  const views = (Number.isSafeInteger(previous) && previous > 0 ? previous : 0) + 1;
  cookies.set('views', String(views), { httpOnly: true, sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 });
  response.headers.set('cache-control', 'private, no-store');
  return (
    <Layout title="Counter">
      <h1>Counter</h1>
      <p>You have seen this page <strong id="views">{views}</strong> {views === 1 ? 'time' : 'times'}.</p>
      <Clicker start={views} label="Count on from here, in the browser" />
    </Layout>
  );
}
