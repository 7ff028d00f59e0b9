import type { HelperOptions } from 'handlebars';

/**
 * {{#memo key}}…{{/memo}}: the block is rendered once per key and then reused from the page's
 * fragment store (the view's `fragments`, from fragmentsOf). Without a store or a key it is
 * rendered every time. For the parts of a page that are the same for everyone who sees the same
 * data: a busy center's desk timelines are most of its day view's rendering.
 */
export function memo(this: unknown, key: string | undefined, options: HelperOptions): string {
  const store: Map<string, string> | undefined = options.data?.root?.fragments;
  if (!store || !key) return options.fn(this);
  let html = store.get(key);
  if (html === undefined) {
    html = options.fn(this);
    store.set(key, html);
  }
  return html;
}

const stores = new WeakMap<object, Map<string, string>>();

/**
 * The fragments rendered from one version of some data (an object that is replaced when the data
 * changes, e.g. CenterDay.version): dropped with it, so a change shows at once.
 */
export function fragmentsOf(version: object | undefined): Map<string, string> | undefined {
  if (!version) return undefined;
  let store = stores.get(version);
  if (!store) {
    store = new Map();
    stores.set(version, store);
  }
  return store;
}
