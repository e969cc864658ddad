/** The demo's product store: a Workers KV namespace bound as PRODUCTS (see wrangler.toml). */
import seed from '../../seed/kv/PRODUCTS.json';

export interface Product {
  id: string;
  name?: string;
  price?: number;
  description?: string;
  /** Set when the product moved to another id: the page redirects there. */
  movedTo?: string;
}

export interface Env {
  PRODUCTS: KVNamespace;
}

/**
 * Looks a product up. `npm run dev` seeds the namespace; a namespace that was never seeded
 * (plain `npx wrangler dev` after a build) is seeded on first use, so the demo always works.
 */
export async function getProduct(env: Env, id: string): Promise<Product | null> {
  const found = await env.PRODUCTS.get<Product>(`product:${id}`, 'json');
  if (found || (await env.PRODUCTS.get('__seeded')) !== null) return found;
  await Promise.all([...seed.map((entry) => env.PRODUCTS.put(entry.key, entry.value)), env.PRODUCTS.put('__seeded', '1')]);
  return env.PRODUCTS.get<Product>(`product:${id}`, 'json');
}
