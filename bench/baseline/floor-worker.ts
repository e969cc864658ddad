/**
 * The floors under the figures: `/table` only generates the table's rows (2,000 UUIDs) and
 * answers "ok"; any other path answers "ok" at once (workerd's own cost per request).
 */
import { tableRows } from '../shared/data.ts';

export default {
  async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname === '/table') {
      const rows = await tableRows();
      return new Response(`ok ${rows.length}`);
    }
    return new Response('ok');
  },
};
