import type { PageContext } from 'edgepress';
import { Layout } from './_components/Layout.tsx';
import { ITEMS } from '../../shared/data.ts';

export const prerender = false;

/** Reads and sets a cookie, sets a header, renders 100 escaped items. */
export default function Ssr({ cookies, response }: PageContext) {
  const visits = (cookies.get('visits')?.number() || 0) + 1;
  cookies.set('visits', String(visits), { path: '/', httpOnly: true });
  response.headers.set('x-bench', 'ssr');
  return (
    <Layout title="SSR">
      <h1>Visit {visits}</h1>
      <ul class="items">{ITEMS.map((item) => <li class="item">{item}</li>)}</ul>
    </Layout>
  );
}
