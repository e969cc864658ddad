import type { PageContext } from 'edgepress';
import { Layout } from '../_components/Layout.tsx';
import { lookupProduct } from '../../../shared/data.ts';

export const prerender = false;

/** The product page of /products/[id], cached by routeRules (bench/site/edgepress.config.ts). */
export default function CachedProduct(ctx: PageContext<{ id: string }>) {
  const product = lookupProduct(ctx.params.id);
  if (product.kind !== 'found') return new Response(null, { status: 404 });
  return (
    <Layout title={product.name}>
      <h1>{product.name}</h1>
      <p class="price">${product.price}</p>
    </Layout>
  );
}
