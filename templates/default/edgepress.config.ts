import { defineConfig } from 'edgepress';

export default defineConfig({
  // Pages are prerendered unless they say `export const prerender = false`.
  output: 'static',
  adapter: '{{adapter}}',
});
