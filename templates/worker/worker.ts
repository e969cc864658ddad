// The rest of the Worker, beside the pages (see node_modules/edgepress/docs/worker.md).
// Named exports are exported from the built worker; scheduled() runs on the crons of wrangler.jsonc.
import { DurableObject } from 'cloudflare:workers';

/** One counter per name, kept in the Durable Object's storage. */
export class Counter extends DurableObject {
  async increment(): Promise<number> {
    const count = ((await this.ctx.storage.get<number>('count')) ?? 0) + 1;
    await this.ctx.storage.put('count', count);
    return count;
  }
}

export default {
  // Every 10 minutes in production; `npm run dev` runs it at /__scheduled, tests with site.scheduled().
  async scheduled(controller, env) {
    await env.KV.put('last-cron', new Date(controller.scheduledTime).toISOString());
  },
} satisfies ExportedHandler<Env>;
