import { Layout } from './_components/Layout';

/** Shown, with status 404, for every path no route answers. */
export default function NotFound() {
  return (
    <Layout title="Not found">
      <h1>Page not found</h1>
      <p>
        <a href="/">Back to the home page</a>
      </p>
    </Layout>
  );
}
