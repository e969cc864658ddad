import type { PageContext } from 'edgepress';
import { Layout } from '../_components/Layout.tsx';
import { getProduct, type Env } from '../_data/products.ts';

export const prerender = false;

/** Looks the id up in Workers KV: 404 with a status text, a 301 for a moved id, or the product. */
export default async function ProductPage(ctx: PageContext<{ id: string }, Record<string, never>, Env>) {
  // Ids are short tokens; anything else cannot be a product (and would be an invalid KV key).
  const product = /^[A-Za-z0-9_-]{1,64}$/.test(ctx.params.id) ? await getProduct(ctx.env, ctx.params.id) : null;
  if (!product) return new Response(null, { status: 404, statusText: 'Product not found' });
  if (product.movedTo) return ctx.redirect(`/products/${product.movedTo}`, 301);
  ctx.response.headers.set('cache-control', 'public, max-age=60');
  return (
    <Layout title={product.name ?? product.id}>
      <h1>{product.name}</h1>
      <p class="price">${product.price?.toFixed(2)}</p>
      <p>{product.description}</p>
    </Layout>
  );
}
