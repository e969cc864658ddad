import { defineConfig } from 'edgepress';

export default defineConfig({
  output: 'static',
  adapter: 'cloudflare',
  site: 'https://bench.example',
  // The route cache against the same page uncached (/products/[id]): see bench/README.md.
  routeRules: { '/cached-products/[id]': { maxAge: 3600, tags: ['products'] } },
});
