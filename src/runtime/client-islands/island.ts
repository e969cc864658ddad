/**
 * A client island on the server: the component rendered into `<edgepress-island>` with what the
 * browser needs to hydrate it (its module, export, props and when to wake), then the waker script.
 * The build wraps each export of an `islands/` module with `clientIsland()`; the page imports the
 * wrapper as if it were the component.
 */
import type { Child } from 'hono/jsx';
import { jsx } from 'hono/jsx/jsx-runtime';
import { currentScope } from '../render/scope.ts';
import type { RequestContext } from '../context.ts';
import { serialiseProps } from './props.ts';
import { modulePreloads, wakerScript } from './waker.ts';

/** What the build knows of an island module: its file, its browser module and that module's static imports. */
export interface ClientIslandModule {
  /** The module's path from the site root ('islands/counter.tsx'), for messages. */
  file: string;
  /** The URL of its browser module (`{base}_edgepress/counter-HASH.js`). */
  src: string;
  /** The module and the chunks it imports statically: preloaded for islands that wake at once. */
  preload: string[];
}

/** When an island wakes, per use (`client:load` when none is given). */
export interface ClientDirectives {
  /** Hydrate at once (the default). */
  'client:load'?: boolean;
  /** Hydrate when the browser is idle. */
  'client:idle'?: boolean;
  /** Hydrate (and download) when it enters the viewport. */
  'client:visible'?: boolean;
  /** Hydrate (and download) when this media query matches, e.g. "(max-width: 50em)". */
  'client:media'?: string;
  /** Render only in the browser, never on the server. */
  'client:only'?: boolean;
  /** What a `client:only` island shows until it renders. */
  'client:fallback'?: Child;
}

// Every component accepts them in a site's types (as in Astro, where any component may take them);
// only island components act on them.
declare module 'hono/jsx/jsx-runtime' {
  namespace JSX {
    interface IntrinsicAttributes extends ClientDirectives {}
  }
}

const DIRECTIVES = ['client:load', 'client:idle', 'client:visible', 'client:media', 'client:only', 'client:fallback'];

/** URLs already preloaded by each page render. */
const preloaded = new WeakMap<object, Set<string>>();

/** HTML text the renderer writes as is (hono's escaped-string shape). */
function raw(html: string): string {
  return Object.assign(new String(html), { isEscaped: true }) as unknown as string;
}

function wakeOf(props: Record<string, unknown>): 'load' | 'idle' | 'visible' | 'media' | 'only' {
  if (props['client:only']) return 'only';
  if (props['client:media'] !== undefined) return 'media';
  if (props['client:visible']) return 'visible';
  if (props['client:idle']) return 'idle';
  return 'load';
}

/** The preload links this render has not written yet (all of them outside a page render). */
function newPreloads(page: object | undefined, urls: string[]): string[] {
  if (!page) return urls;
  let seen = preloaded.get(page);
  if (!seen) preloaded.set(page, (seen = new Set()));
  const fresh = urls.filter((url) => !seen.has(url));
  for (const url of fresh) seen.add(url);
  return fresh;
}

/** Wraps the export `name` of an island module: a component that renders it for hydration. */
export function clientIsland<T>(module: ClientIslandModule, name: string, component: T): T {
  if (typeof component !== 'function') return component;
  const label = name === 'default' ? component.name || module.file : name;
  const Island = (props: Record<string, unknown>): unknown => {
    const when = wakeOf(props);
    const own: Record<string, unknown> = {};
    for (const key of Object.keys(props)) if (key !== 'children' && !DIRECTIVES.includes(key)) own[key] = props[key];
    const data = serialiseProps(own, module.file, label);
    const ctx = currentScope()?.page as RequestContext | undefined;
    const children = props.children as Child;
    const hasChildren = children !== undefined && children !== null && !(Array.isArray(children) && children.length === 0);
    const attributes: Record<string, unknown> = {
      'data-c': module.src,
      'data-x': name,
      ...('json' in data ? { 'data-p': data.json } : { 'data-d': data.devalue }),
      ...(when === 'load' ? {} : { 'data-w': when }),
      ...(when === 'media' ? { 'data-m': String(props['client:media']) } : {}),
    };
    let content: unknown;
    if (when === 'only') {
      content = [props['client:fallback'] ?? null, hasChildren ? jsx('edgepress-slot', { hidden: true, children }) : null];
    } else {
      content = jsx(component as never, { ...own, ...(hasChildren ? { children: jsx('edgepress-slot', { children }) } : {}) });
    }
    const eager = when === 'load' || when === 'only';
    const links = eager ? newPreloads(ctx, module.preload) : [];
    return [links.length > 0 ? raw(modulePreloads(links)) : null, jsx('edgepress-island', { ...attributes, children: content }), raw(wakerScript(ctx?.csp.nonce ?? ''))];
  };
  Object.defineProperty(Island, 'name', { value: `Island(${label})` });
  return Island as T;
}
