import { Layout } from './_components/Layout';

/** The home page: prerendered to dist/client/index.html at build time (the default). */
export default function Home() {
  return (
    <Layout title="{{name}}">
      <h1>Welcome to {{name}}</h1>
      <p>
        This page is static HTML, written when the site was built. <a href="/visits">/visits</a> is rendered on
        demand for each request, and <a href="/api/hello">/api/hello</a> is an endpoint.
      </p>
      <p>
        Edit <code>routes/index.tsx</code> and save: the dev server rebuilds.
      </p>
    </Layout>
  );
}
