import { Layout } from './_components/Layout.tsx';
import Clicker from '../islands/clicker.tsx';

// PRERENDER_MARKER_HOME: this page is static, so its code must not ship in the worker.
export default function Home() {
  return (
    <Layout title="Home">
      <h1>edgepress</h1>
      <p>This page was prerendered at build time. The counter, products and streaming pages are rendered per request.</p>
      <Clicker start={0} label="Clicks in this tab" />
    </Layout>
  );
}
