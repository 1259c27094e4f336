/**
 * Renders a page as Fresh 2 composes it: the page inside the `_layout`s of
 * its folders (outermost first), all inside `_app`, to one HTML document
 * with preact-render-to-string.
 *
 * @module
 */
import { type ComponentType, h, type VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import type { AppProps, Context, LayoutProps, PageProps } from "./define.ts";

/** The components around a page. */
export interface Frame<S> {
  app: ComponentType<AppProps<S>> | null;
  /** Outermost first. */
  layouts: ComponentType<LayoutProps<S>>[];
}

/** The HTML document of `Page` showing `data`, inside `frame`. */
export function renderDocument<S>(
  ctx: Context<S>,
  // deno-lint-ignore no-explicit-any
  Page: ComponentType<PageProps<any, S>>,
  data: unknown,
  frame: Frame<S>,
): string {
  const { url, params, state, error } = ctx;
  let Inner: ComponentType = () => h(Page, { data, url, params, state, error });
  for (const Layout of frame.layouts.toReversed()) {
    const Component: ComponentType = Inner;
    Inner = () => h(Layout, { Component, url, params, state, error });
  }
  const tree = frame.app
    ? h(frame.app, { Component: Inner, url, state })
    : h(Inner, null);
  return "<!DOCTYPE html>" + renderToString(tree as VNode);
}
