/**
 * Context values provided above a node (`<Ctx.Provider value>`), and how a component call sees
 * them: hono's `useContext` reads `ctx.values` when no render store of hono's is active (the
 * walker's calls), and a store that starts from `ctx.values[0]` when hono renders something
 * itself during the call (the `html` helper, a third-party `toString()`), so both are set.
 */
import { escapeHtml } from './escape.ts';
import type { HonoContext } from './jsx-kinds.ts';

/** Context values provided above a node, innermost first. */
export interface Provided {
  ctx: HonoContext;
  value: unknown;
  next: Provided | null;
}

/** Runs `fn` (a component, a fallbackRender, an onError) with the provided values visible to hono's `useContext`. */
export function withProvided<T>(provided: Provided | null, fn: () => T): T {
  if (provided === null) return fn();
  const chain: Provided[] = [];
  for (let p: Provided | null = provided; p; p = p.next) chain.push(p);
  const firsts: unknown[] = [];
  for (let i = chain.length - 1; i >= 0; i--) {
    const { ctx, value } = chain[i]!;
    firsts.push(ctx.values[0]);
    ctx.values.push(value);
    ctx.values[0] = value;
  }
  try {
    return fn();
  } finally {
    for (let i = 0; i < chain.length; i++) {
      const values = chain[i]!.ctx.values;
      values.pop();
      values[0] = firsts[chain.length - 1 - i];
    }
  }
}

/** The ` nonce="..."` attribute for a swap script: the response's CSP nonce, else hono's StreamingContext ({ scriptNonce }). */
export function scriptNonce(provided: Provided | null, nonce: string | undefined): string {
  if (nonce) return ` nonce="${escapeHtml(nonce)}"`;
  for (let p = provided; p; p = p.next) {
    if (p.value !== null && typeof p.value === 'object' && 'scriptNonce' in p.value) {
      const value = (p.value as { scriptNonce?: unknown }).scriptNonce;
      return typeof value === 'string' ? ` nonce="${escapeHtml(value)}"` : '';
    }
  }
  return '';
}
