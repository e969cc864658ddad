/** Sessions in Workers KV: one value per session id, expiring with the session's ttl. */
import { SessionStoreError, type SessionDriverFactory } from '../../src/runtime/session/driver.ts';

interface KvNamespace {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options: { expirationTtl: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The driver reading `env[binding]`; a missing binding is a SessionStoreError saying how to add it. */
export function kvSessions(binding: string): SessionDriverFactory {
  return (env) => {
    const kv = (env as Record<string, KvNamespace | undefined> | undefined)?.[binding];
    if (!kv || typeof kv.get !== 'function') {
      throw new SessionStoreError(
        `ctx.session needs a Workers KV namespace bound as ${binding}, and this worker has none. Run \`npx wrangler kv namespace create ${binding}\` and add ` +
          `{ "binding": "${binding}", "id": "<its id>" } to kv_namespaces in your wrangler config, or name another binding with \`session: { binding }\` in edgepress.config.ts.`,
      );
    }
    return {
      get: (id) => kv.get(`session:${id}`),
      set: (id, value, ttl) => kv.put(`session:${id}`, value, { expirationTtl: ttl }),
      delete: (id) => kv.delete(`session:${id}`),
    };
  };
}
