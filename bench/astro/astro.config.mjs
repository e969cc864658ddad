// The bench's Astro site: on-demand pages for Cloudflare, as a site deployed to Workers is built,
// and Preact for bench/client-islands.ts's /counter island.
import cloudflare from '@astrojs/cloudflare';
import preact from '@astrojs/preact';
import { defineConfig } from 'astro/config';

export default defineConfig({ output: 'server', adapter: cloudflare(), integrations: [preact()] });
