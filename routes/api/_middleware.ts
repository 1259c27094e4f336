import {
  define,
  describeError,
  failureBody,
  failureHeaders,
} from "../../lib/web/define.ts";

/**
 * The JSON API's one error mapping: a chat error (or an `HttpError`) thrown
 * by a route under `api/` becomes `{error: {code, message}}` with its status.
 * Anything unexpected goes on to the web layer, which logs it.
 */
export default define.middleware(async (ctx) => {
  try {
    return await ctx.next();
  } catch (error) {
    const failure = describeError(error);
    if (failure.code === "internal") throw error;
    return ctx.json(failureBody(failure), {
      status: failure.status,
      headers: failureHeaders(failure),
    });
  }
});
