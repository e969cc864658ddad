import type { APIRoute } from 'edgepress';

export const prerender = false;

/** Echoes what it got: method, query, JSON body and the locals middleware set. */
export const GET: APIRoute = ({ url, locals }) => Response.json({ method: 'GET', query: Object.fromEntries(url.searchParams), locals });

export const POST: APIRoute = async ({ request }) => {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: 'Send a JSON body.' }, { status: 400 });
  }
  return Response.json({ method: 'POST', body });
};
