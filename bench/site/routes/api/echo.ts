import type { APIRoute } from 'edgepress';

export const prerender = false;

export const GET: APIRoute = ({ url }) => Response.json({ path: url.pathname, q: url.searchParams.get('q') });
