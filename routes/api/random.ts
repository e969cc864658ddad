import type { APIRoute } from 'edgepress';

export const prerender = false;

/** A new random number per request. */
export const GET: APIRoute = () => Response.json({ number: Math.random() });
