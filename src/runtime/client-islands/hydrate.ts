/**
 * Browser side: renders an island's component into its `<edgepress-island>` with hono/jsx/dom.
 * Each island module's browser entry is `(el) => hydrate(el, module)`. hono renders anew (it has
 * no DOM-reusing hydration): the server HTML is replaced by the same HTML in one task. Children
 * the server rendered into `<edgepress-slot>` are moved, as DOM nodes, into the new slot.
 */
import { render } from 'hono/jsx/dom';
import { jsx } from 'hono/jsx/dom/jsx-runtime';

/** The `<edgepress-slot>` of `island` itself, not one of an island inside it. */
function ownSlot(island: HTMLElement): ParentNode | undefined {
  // (DOM types: @cloudflare/workers-types gives the global `Element` HTMLRewriter's shape.)
  for (const slot of island.querySelectorAll('edgepress-slot')) if (slot.closest('edgepress-island') === island) return slot as unknown as ParentNode;
  return undefined;
}

/** Reads the island's props (devalue's parser is loaded only for props JSON cannot hold). */
async function readProps(data: DOMStringMap): Promise<Record<string, unknown>> {
  if (data.p !== undefined) return JSON.parse(data.p) as Record<string, unknown>;
  const { parse } = await import('./devalue-parse.ts');
  return parse(data.d!) as Record<string, unknown>;
}

/** Renders `module[el.dataset.x]` into `el` with the props the server used. */
export async function hydrate(el: HTMLElement, module: Record<string, unknown>): Promise<void> {
  const data = el.dataset;
  const component = module[data.x!] as (props: Record<string, unknown>) => unknown;
  const props = await readProps(data);
  const slot = ownSlot(el);
  if (slot) {
    const nodes = [...slot.childNodes];
    props.children = jsx('edgepress-slot', {
      ref: (node: ParentNode | null) => {
        if (node && !node.firstChild) node.append(...nodes);
      },
    });
  }
  render(jsx(component as never, props) as never, el);
  // Hydrated: for tests and styles (`edgepress-island:not([data-h])`).
  el.dataset.h = '';
}
