import { Layout } from './_components/Layout.tsx';

export const prerender = false;

export default function ServerError() {
  return (
    <Layout title="Something went wrong">
      <h1>Something went wrong</h1>
      <p>We logged it. Try again in a moment.</p>
    </Layout>
  );
}
