/**
 * hono renders `title`, `meta`, `link`, `script` and `style` through components of its own
 * (src/jsx/intrinsic-element/components.ts) that rewrite some props before writing the tag:
 * `precedence` and `blocking` are taken off a tag hono would hoist, a stylesheet with a
 * precedence gets `data-precedence`, a `<style href precedence>` gets `data-href`. The walker
 * writes the same attributes (it does not hoist: metadata stays where it is written).
 * Only `precedence` and `blocking` change what is written: a production build whose site never
 * names either bundles a stand-in that leaves props as they are (src/build/render-features.ts).
 */

import { NS_HEAD, NS_NONE, type NameSpace } from './name-space.ts';

/** True for the tags whose props `metadataProps` may rewrite. */
export function isMetadataTag(tag: string): boolean {
  switch (tag) {
    case 'title':
    case 'meta':
    case 'script':
    case 'style':
    case 'link':
      return true;
    default:
      return false;
  }
}

/** The props hono writes for metadata tag `tag` (the same object when nothing changes). */
export function metadataProps(tag: string, props: Record<string, unknown>, ns: NameSpace): Record<string, unknown> {
  switch (tag) {
    case 'title':
      return ns !== NS_NONE ? props : hoisted(props, false);
    case 'meta':
      return ns === NS_HEAD ? props : hoisted(props, false);
    case 'script':
      return !props.src || !props.async || ns === NS_HEAD ? props : hoisted(props, false);
    case 'style': {
      if (!('href' in props && 'precedence' in props)) return props;
      const { href, ...rest } = props;
      rest['data-href'] = href;
      return hoisted(rest, true);
    }
    case 'link': {
      const stylesheet = props.rel === 'stylesheet';
      if ('onLoad' in props || 'onError' in props || (stylesheet && (!('precedence' in props) || 'disabled' in props))) return props;
      return hoisted(props, stylesheet && 'precedence' in props);
    }
    default:
      return props;
  }
}

/** hono's `documentMetadataTag`: `itemProp` keeps the tag as written; else no precedence or blocking, and `data-precedence` when sorted. */
function hoisted(props: Record<string, unknown>, sorted: boolean): Record<string, unknown> {
  if ('itemProp' in props) return props;
  if (!sorted && !('precedence' in props) && !('blocking' in props)) return props;
  const { precedence, blocking: _blocking, ...rest } = props;
  if (sorted) rest['data-precedence'] = precedence ?? '';
  return rest;
}
