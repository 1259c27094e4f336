/**
 * Fresh 2's `createDefine` shape without Fresh: identity helpers that only
 * carry types, `page(data)` for a handler that renders its page, and
 * `HttpError`. Route modules import nothing but Preact and this file.
 *
 * @module
 */
import type { ComponentType, VNode } from "preact";
import type {
  DirectMessage,
  HistoryPage,
  HistoryQuery,
  Session,
} from "../chat/mod.ts";

export { MIN_PASSWORD_LENGTH } from "../chat/mod.ts";
export { loginUrl, nextPath, signInReason } from "./next_path.ts";
export { MAX_BODY_BYTES, readForm, readJson } from "./bodies.ts";
export {
  describeError,
  failureBody,
  failureHeaders,
  HttpError,
  type HttpFailure,
  statusText,
} from "./http_errors.ts";

/** What every request carries, filled in by the web layer's middleware. */
export interface State {
  /** The signed-in participant's name, or null. */
  user: string | null;
  /** The peer's IP address (the proxy's, behind one), for throttling. */
  address?: string;
  /** The chat core every transport shares. */
  chat: Session;
  /** The telnet address shown to visitors, if any. */
  telnetAddress?: string;
  /** Sets the session cookie for `name` on this response. */
  signIn(name: string): Promise<void>;
  /**
   * Ends this request's sign-in (or, `everywhere`, every sign-in of its
   * participant) on every instance and clears the cookie.
   */
  signOut(scope?: { everywhere?: boolean }): Promise<void>;
  /** A bearer token for non-browser clients. */
  issueToken(name: string): Promise<string>;
  /** The cache-busting URL of a static file, e.g. `/styles.css?v=…`. */
  asset(path: string): string;
  /** A page of history `user` may read (null channel: the general chat). */
  readHistory(
    user: string,
    options: HistoryQuery & { channel: string | null },
  ): Promise<HistoryPage>;
  /** A page of `user`'s direct conversation with `peer` (theirs alone). */
  readDirectHistory(
    user: string,
    options: HistoryQuery & { peer: string },
  ): Promise<HistoryPage<DirectMessage>>;
  /** Upgrades this request to the chat WebSocket. */
  openSocket(req: Request): Response;
}

/** The request context every middleware, handler and error page receives. */
export interface Context<S = State> {
  req: Request;
  url: URL;
  /** The matched route's parameters; `""` for an absent optional one. */
  params: Record<string, string>;
  state: S;
  /** The matched route pattern, e.g. `/api/:id`; null when none matched. */
  route: string | null;
  /** The error an error page is rendering; null otherwise. */
  error: unknown;
  /** Runs the rest of the chain: inner middlewares, then the route. */
  next(): Promise<Response>;
  /** A redirect; 303 by default so a POST becomes a GET. */
  redirect(to: string, status?: 301 | 302 | 303 | 307 | 308): Response;
  /** A JSON response. */
  json(body: unknown, init?: ResponseInit): Response;
}

/** What `page(data)` returns: render the route's page with this data. */
export interface PageResponse<T> {
  readonly data: T;
  readonly status?: number;
  readonly headers?: Record<string, string>;
}

/** A handler result: a real response, or data for the page. */
export type HandlerResult<T> =
  | Response
  | PageResponse<T>
  | Promise<Response | PageResponse<T>>;

/** The methods a route's `handler` may answer (HEAD is answered by GET). */
export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** One of `METHODS`. */
export type Method = typeof METHODS[number];

/** One function per HTTP method. */
export type Handlers<T = unknown, S = State> = {
  [M in Method]?: (
    ctx: Context<S>,
  ) => HandlerResult<T>;
};

/** A `_middleware` function: answers itself, or returns `ctx.next()`. */
export type Middleware<S = State> = (
  ctx: Context<S>,
) => Response | Promise<Response>;

/** Props of a page component (routes, `_404`, `_500` and `_error`). */
export interface PageProps<T = unknown, S = State> {
  data: T;
  url: URL;
  params: Record<string, string>;
  state: S;
  /** The error an error page is rendering; null on other pages. */
  error: unknown;
}

/** Props of a `_layout`: the page (and inner layouts) as `Component`. */
export interface LayoutProps<S = State> {
  Component: ComponentType;
  url: URL;
  params: Record<string, string>;
  state: S;
  error: unknown;
}

/** Props of the `_app` wrapper. */
export interface AppProps<S = State> {
  Component: ComponentType;
  url: URL;
  state: S;
}

type DataOf<H> = H extends Handlers<infer T, infer _S> ? T : never;

/** Tells the web layer to render the route's page with `data`. */
export function page<T>(
  data: T,
  options: { status?: number; headers?: Record<string, string> } = {},
): PageResponse<T> {
  return { data, ...options };
}

/** The typed identity helpers, as Fresh's `createDefine<State>()` returns. */
export interface Define<S> {
  /** Types a route's handlers. */
  handlers<T>(handlers: Handlers<T, S>): Handlers<T, S>;
  /** Types a page component from its handler. */
  page<H = Handlers<unknown, S>>(
    render: (props: PageProps<DataOf<H>, S>) => VNode | null,
  ): (props: PageProps<DataOf<H>, S>) => VNode | null;
  /** Types a `_middleware` (one function, or several run in order). */
  middleware<M extends Middleware<S> | Middleware<S>[]>(middleware: M): M;
  /** Types a `_layout`. */
  layout(
    render: (props: LayoutProps<S>) => VNode,
  ): (props: LayoutProps<S>) => VNode;
  /** Types the `_app` wrapper. */
  app(render: (props: AppProps<S>) => VNode): (props: AppProps<S>) => VNode;
}

/** Creates the identity helpers for a state type. */
export function createDefine<S>(): Define<S> {
  return {
    handlers: (handlers) => handlers,
    page: (render) => render,
    middleware: (middleware) => middleware,
    layout: (render) => render,
    app: (render) => render,
  };
}

/** The helpers for Parley's state; routes import this. */
export const define: Define<State> = createDefine<State>();
