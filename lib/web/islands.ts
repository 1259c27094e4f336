/**
 * Server-side island markers. A Preact `options.vnode` hook (as Fresh's
 * `preact_hooks.ts` does) wraps each registered island in an element that
 * names it and carries its props as JSON, so `client.ts` can hydrate it
 * without any inline script (the CSP forbids those).
 *
 * @module
 */
import { type ComponentType, h, options, type VNode } from "preact";

// deno-lint-ignore no-explicit-any
type AnyComponent = ComponentType<any>;

const islands = new Map<AnyComponent, string>();
let installed = false;
let bypass = false;

/** Marks `component` as the island `name` for every later render. */
export function registerIsland(name: string, component: AnyComponent): void {
  islands.set(component, name);
  if (installed) return;
  installed = true;
  const previous = options.vnode;
  options.vnode = (vnode: VNode) => {
    const name = bypass ? undefined : islands.get(vnode.type as AnyComponent);
    if (name !== undefined) wrap(vnode, name);
    previous?.(vnode);
  };
}

/** Whether `component` was registered as an island. */
export function isIsland(component: unknown): boolean {
  return islands.has(component as AnyComponent);
}

// Turns the island's vnode into its wrapper in place; the real component
// becomes the only child, created with the hook bypassed.
function wrap(vnode: VNode, name: string): void {
  const { children: _children, ...props } = vnode.props as Record<
    string,
    unknown
  >;
  bypass = true;
  let inner: VNode;
  try {
    inner = h(vnode.type as AnyComponent, props);
  } finally {
    bypass = false;
  }
  vnode.type = "div";
  (vnode as VNode<Record<string, unknown>>).props = {
    class: "island",
    "data-island": name,
    "data-props": JSON.stringify(props),
    children: inner,
  };
}
