import type { PageContext } from 'edgepress';
import { Layout } from '../_components/Layout.tsx';
import { lookupProduct } from '../../../shared/data.ts';

export const prerender = false;

/** 200 for a product, 301 for a moved id, the 404 page otherwise. */
export default function Product(ctx: PageContext<{ id: string }>) {
  const product = lookupProduct(ctx.params.id);
  if (product.kind === 'missing') return new Response(null, { status: 404 });
  if (product.kind === 'moved') return ctx.redirect(`/products/${product.to}`, 301);
  return (
    <Layout title={product.name}>
      <h1>{product.name}</h1>
      <p class="price">${product.price}</p>
    </Layout>
  );
}
