import { Layout } from './_components/Layout.tsx';

export default function About() {
  return (
    <Layout title="About">
      <h1>About</h1>
      <p>A static page, served from the asset store.</p>
    </Layout>
  );
}
