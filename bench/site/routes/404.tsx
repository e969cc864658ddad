import { Layout } from './_components/Layout.tsx';

export default function NotFound() {
  return (
    <Layout title="Not found">
      <h1>Page not found</h1>
    </Layout>
  );
}
