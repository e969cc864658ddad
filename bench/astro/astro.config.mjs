// The bench's Astro site: on-demand pages for Cloudflare, as a site deployed to Workers is built.
import cloudflare from '@astrojs/cloudflare';
import { defineConfig } from 'astro/config';

export default defineConfig({ output: 'server', adapter: cloudflare() });
