/**
 * `defer(Component, options)`: a component rendered on demand by a request of its own (a server
 * island), while the page around it shows a fallback. The build writes each call's island id into
 * it (`defer(id, Component, options)` at run time), which registers the component under that id.
 */
import type { Child, FC } from 'hono/jsx';
import { jsx } from 'hono/jsx/jsx-runtime';
import type { RequestContext } from '../context.ts';
import { currentScope } from '../render/scope.ts';
import { NoPageContextError } from '../use-page.ts';
import { BODY_LIMIT, islandMarker, loaderScript } from './loader.ts';
import { seal, type KeyRing } from './props-cipher.ts';
import { encodeProps } from './props-json.ts';
import { registerIsland, type IslandComponent } from './registry.ts';

export interface DeferOptions<P> {
  /** Shown until the island arrives, and for good without JavaScript: JSX, or JSX made from the props. */
  fallback?: Child | ((props: P) => Child);
  /** On on-demand pages, render the component in place (no loader, works without JavaScript); prerendered pages still defer it. */
  inline?: boolean;
}

/** A deferred component's props must be data: JSON values and Dates (no functions, class instances or JSX). */
export class IslandPropsError extends Error {
  override name = 'IslandPropsError';
}

/** Thrown when `defer()` runs without the id the build writes into it. */
export class IslandSetupError extends Error {
  override name = 'IslandSetupError';
}

const TOKENS_KEPT = 256;
const sealedBy = new WeakMap<KeyRing, Map<string, string>>();

/** Tokens already sealed with `ring`, by island id and props text (oldest first). */
function tokens(ring: KeyRing): Map<string, string> {
  let map = sealedBy.get(ring);
  if (!map) sealedBy.set(ring, (map = new Map()));
  return map;
}

function remember(ring: KeyRing, key: string, token: string): void {
  // Large props are sealed each time: 256 of them kept would hold megabytes.
  if (key.length > 2048) return;
  const map = tokens(ring);
  map.set(key, token);
  if (map.size > TOKENS_KEPT) map.delete(map.keys().next().value!);
}

/** The sealed token's length (base64url of a 16-byte IV and the UTF-8 bytes) when it is over BODY_LIMIT. */
function oversized(text: string): number | undefined {
  const sealed = (bytes: number): number => Math.ceil(((16 + bytes) * 4) / 3);
  // UTF-8 takes at most 3 bytes per UTF-16 unit: count them only when that bound could pass the limit.
  if (sealed(text.length * 3) <= BODY_LIMIT) return undefined;
  const length = sealed(new TextEncoder().encode(text).length);
  return length > BODY_LIMIT ? length : undefined;
}

/** HTML text the renderer writes as is (hono's escaped-string shape). */
function raw(html: string): string {
  return Object.assign(new String(html), { isEscaped: true }) as unknown as string;
}

/** Defers `component`: pages get its fallback and a loader, the island URL renders it per visitor. */
export function defer<P extends object>(component: (props: P) => unknown, options?: DeferOptions<P>): FC<P>;
export function defer(...args: unknown[]): unknown {
  const id = typeof args[0] === 'string' ? (args.shift() as string) : undefined;
  const component = args[0] as IslandComponent;
  const options = (args[1] ?? {}) as DeferOptions<Record<string, unknown>>;
  if (typeof component !== 'function') throw new TypeError('defer(Component, options): the first argument must be a component function.');
  const name = component.name || 'Anonymous';
  if (id === undefined) {
    throw new IslandSetupError(
      `defer(${name}) has no island id: the edgepress build gives one to each defer() call at the top level of the site's own files. Call it there (const X = defer(...), or export default defer(...)), not in node_modules or inside a function.`,
    );
  }
  registerIsland(id, component);
  const Deferred = (props: Record<string, unknown>): unknown => {
    const ctx = currentScope()?.page as RequestContext | undefined;
    if (!ctx) throw new NoPageContextError(`<${name}> (deferred) rendered outside a page render.`);
    if (options.inline && !ctx.isPrerendered) return jsx(component as never, props);
    const islands = ctx.islands;
    if (!islands) throw new IslandSetupError(`<${name}> (deferred) is in a bundle built without islands; rebuild the site with edgepress.`);
    let text: string;
    try {
      text = encodeProps(props);
    } catch (error) {
      throw new IslandPropsError(`The props of deferred <${name}> cannot be sent to its island: ${(error as Error).message}. Pass data (strings, numbers, booleans, null, plain objects, arrays, Dates), not functions, class instances or JSX children.`);
    }
    const fallback = typeof options.fallback === 'function' ? (options.fallback as (p: unknown) => unknown)(props) : options.fallback;
    const nonce = ctx.csp.nonce;
    const path = `${islands.base}_islands/${id}`;
    const markup = (token: string): unknown[] => [raw(islandMarker(path, token)), fallback ?? null, raw(loaderScript(nonce))];
    // Sealing is deterministic, so a token made once serves every later render synchronously
    // (no pending slot: a page with nothing else pending is still sent as one body).
    const ring = islands.ring(ctx.env);
    const key = `${id}\0${text}`;
    const known = tokens(ring).get(key);
    if (known !== undefined) return markup(known);
    // Checked before sealing, while the component can still throw: the render (the build, for a
    // prerendered page) fails rather than write an island that always answers 413.
    const sealed = oversized(text);
    if (sealed !== undefined) throw new IslandPropsError(`The props of deferred <${name}> are ${sealed} characters sealed, over the ${BODY_LIMIT} an island request takes; pass an id and load the data in the island instead.`);
    return seal(ring, id, text).then((token) => {
      remember(ring, key, token);
      return markup(token);
    });
  };
  Object.defineProperty(Deferred, 'name', { value: `Deferred(${name})` });
  return Deferred;
}
