import type { PageContext } from 'edgepress';
import { Layout } from '../_components/Layout.tsx';
import { paragraphs } from '../../../shared/data.ts';

export function getStaticPaths() {
  return Array.from({ length: 1000 }, (_, i) => ({ params: { n: String(i + 1) } }));
}

export default function StaticPage({ params }: PageContext<{ n: string }>) {
  return (
    <Layout title={`Static page ${params.n}`}>
      <h1>Static page {params.n}</h1>
      {paragraphs(Number(params.n)).map((p) => <p>{p}</p>)}
    </Layout>
  );
}
