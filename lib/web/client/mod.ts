/**
 * The browser boot: finds every island element the server rendered, loads
 * only the islands the page uses, and hydrates each from its `data-props`.
 * It runs as an external module script, so the CSP needs no inline code.
 *
 * @module
 */
import { type ComponentType, h, hydrate } from "preact";
import { hydrated } from "./state.ts";

/** Lazy imports of the island modules, by island name. */
export type IslandLoaders = Record<
  string,
  // deno-lint-ignore no-explicit-any
  () => Promise<{ default: ComponentType<any> }>
>;

/**
 * Hydrates the page's islands; then sets `hydrated` (islands first render
 * what the server rendered, then what the browser knows) and marks
 * `<html data-hydrated>`.
 */
export async function boot(loaders: IslandLoaders): Promise<void> {
  const elements = document.querySelectorAll<HTMLElement>("[data-island]");
  await Promise.all([...elements].map(async (el) => {
    const load = loaders[el.dataset.island ?? ""];
    if (!load) return;
    const { default: Island } = await load();
    hydrate(h(Island, JSON.parse(el.dataset.props ?? "{}")), el);
  }));
  hydrated.value = true;
  document.documentElement.dataset.hydrated = "true";
}
