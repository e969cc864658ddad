import type { APIRoute } from 'edgepress';

export const prerender = false;

/** GET /api/hello?name=Ada -> {"message":"Hello, Ada!"}; GREETING comes from wrangler.jsonc's vars. */
export const GET: APIRoute = ({ url, env }) => {
  const name = url.searchParams.get('name') ?? 'world';
  return Response.json({ message: `${env.GREETING}, ${name}!` });
};
