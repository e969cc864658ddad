import { defineConfig } from 'edgepress';

export default defineConfig({ output: 'static', adapter: 'cloudflare', site: 'https://bench.example' });
