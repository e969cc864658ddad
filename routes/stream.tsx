import { usePage } from 'edgepress';
import { Layout } from './_components/Layout.tsx';

export const prerender = false;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An async component: it waits, then renders. Siblings wait at the same time. */
async function Slow({ ms, label }: { ms: number; label: string }) {
  const { url } = usePage(); // before the first await
  await sleep(ms);
  return (
    <section>
      <h2>{label}</h2>
      <p>Rendered after {ms} ms for {url.pathname}.</p>
    </section>
  );
}

/** Three siblings of 100-300 ms: the page arrives in order and takes ~300 ms, not 600. */
export default function Stream() {
  return (
    <Layout title="Streaming">
      <h1>Streaming</h1>
      <p>The header above was sent before any data below was ready.</p>
      <Slow ms={300} label="Slowest, first" />
      <Slow ms={100} label="Fast, second" />
      <Slow ms={200} label="Medium, third" />
    </Layout>
  );
}
