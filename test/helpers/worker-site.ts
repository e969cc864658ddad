/** A site with a worker.ts: the fixture of the worker-module tests (and a docs example in miniature). */
/** A Durable Object counter, a cron that writes KV, a queue consumer and a workflow. */
export const WORKER_SITE = {
  'wrangler.jsonc': `{
    "name": "worker-site",
    "compatibility_date": "2026-04-01",
    "kv_namespaces": [{ "binding": "KV", "id": "0123456789abcdef0123456789abcdef" }],
    "durable_objects": { "bindings": [{ "name": "COUNTER", "class_name": "Counter" }] },
    "migrations": [{ "tag": "v1", "new_sqlite_classes": ["Counter"] }],
    "triggers": { "crons": ["*/5 * * * *"] },
    "queues": {
      "producers": [{ "binding": "JOBS", "queue": "jobs" }],
      "consumers": [{ "queue": "jobs", "max_batch_size": 10, "max_batch_timeout": 1 }],
    },
    "workflows": [{ "binding": "GREETER", "name": "greeter", "class_name": "Greeter" }],
  }`,
  'worker.ts': `import { DurableObject, WorkflowEntrypoint } from 'cloudflare:workers';

export class Counter extends DurableObject {
  async increment(): Promise<number> {
    const count = ((await this.ctx.storage.get<number>('count')) ?? 0) + 1;
    await this.ctx.storage.put('count', count);
    return count;
  }
}

export class Greeter extends WorkflowEntrypoint<any, { name: string }> {
  async run(event: { payload: { name: string } }, step: any) {
    const greeting = await step.do('greet', async () => 'hello ' + event.payload.name);
    await step.do('store', async () => this.env.KV.put('workflow', greeting));
    return greeting;
  }
}

export default {
  async scheduled(controller: { cron: string }, env: any) {
    await env.KV.put('cron', 'ran ' + controller.cron);
  },
  async queue(batch: { queue: string; messages: Array<{ body: { id: string; text: string }; ack(): void }> }, env: any) {
    for (const message of batch.messages) {
      await env.KV.put('job:' + message.body.id, batch.queue + ': ' + message.body.text);
      message.ack();
    }
  },
};
`,
  'routes/index.tsx': 'export default () => <h1>home</h1>;\n',
  'routes/count.ts': `export const prerender = false;
export const POST = async ({ env }: { env: any }) => {
  const counter = env.COUNTER.get(env.COUNTER.idFromName('visits'));
  return Response.json({ count: await counter.increment() });
};
`,
  'routes/kv/[key].ts': `import { env } from 'cloudflare:workers';
export const prerender = false;
// The module-level env of cloudflare:workers is the same env as ctx.env.
export const GET = async ({ params }: { params: { key: string } }) => new Response((await (env as any).KV.get(params.key)) ?? 'missing');
`,
  'routes/jobs.ts': `export const prerender = false;
export const POST = async ({ env, request }: { env: any; request: Request }) => {
  await env.JOBS.send(await request.json());
  return new Response('queued', { status: 202 });
};
`,
  'routes/greet.ts': `export const prerender = false;
export const POST = async ({ env, url }: { env: any; url: URL }) => {
  const instance = await env.GREETER.create({ params: { name: url.searchParams.get('name') } });
  return Response.json({ id: instance.id });
};
export const GET = async ({ env, url }: { env: any; url: URL }) => {
  const instance = await env.GREETER.get(url.searchParams.get('id'));
  return Response.json(await instance.status());
};
`,
};

/** Polls `read` until it gives something other than `pending` (workflows and queue deliveries are asynchronous). */
