import type { APIRoute } from 'edgepress';
import { posts } from './_data/posts.ts';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A prerendered endpoint: written to dist/client/feed.xml at build time. */
export const GET: APIRoute = ({ site }) => {
  const origin = site?.origin ?? '';
  const items = posts
    .map((p) => `<item><title>${escape(p.title)}</title><link>${origin}/blog/${p.slug}</link><pubDate>${new Date(p.date).toUTCString()}</pubDate></item>`)
    .join('');
  return new Response(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>edgepress demo</title><link>${origin}/</link>${items}</channel></rss>`, {
    headers: { 'content-type': 'application/rss+xml; charset=utf-8' },
  });
};
