import { Layout } from './_components/Layout.tsx';
import { sleep, STREAM_DELAY_MS } from '../../shared/data.ts';

export const prerender = false;

async function Slow({ name }: { name: string }) {
  const text = await sleep(STREAM_DELAY_MS, `${name} done`);
  return <section><h2>{name}</h2><p>{text}</p></section>;
}

/** Three sibling async components of 100 ms each: the shell streams first, the whole in ~100 ms. */
export default function Stream() {
  return (
    <Layout title="Stream">
      <Slow name="one" />
      <Slow name="two" />
      <Slow name="three" />
    </Layout>
  );
}
