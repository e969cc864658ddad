import { Layout } from './_components/Layout.tsx';
import { paragraphs } from '../../shared/data.ts';

export default function Home() {
  return (
    <Layout title="Home">
      <h1>edgepress benchmark</h1>
      {paragraphs(0).map((p) => <p>{p}</p>)}
    </Layout>
  );
}
