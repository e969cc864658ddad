import type { PageContext } from 'edgepress';
import type { Counter } from '../worker';

export const prerender = false;

/** Each visit increments the `visits` counter, a Durable Object kept by worker.ts. */
export default async function CounterPage({ env }: PageContext) {
  const counter = env.COUNTER.get(env.COUNTER.idFromName('visits')) as DurableObjectStub<Counter>;
  const count = await counter.increment();
  const lastCron = await env.KV.get('last-cron');
  return (
    <main>
      <h1>Visits: <strong id="count">{count}</strong></h1>
      <p>Last cron run: <span id="cron">{lastCron ?? 'not yet'}</span></p>
    </main>
  );
}
