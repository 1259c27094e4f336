import assert from "node:assert/strict";
import { JoinMemo } from "../lib/join_memo.ts";

Deno.test("join memo joins identical part lists once and others anew", () => {
  let joins = 0;
  const memo = new JoinMemo((parts: readonly string[]) => {
    joins++;
    return parts.join(",");
  });
  const a = '{"id":1}';
  const b = '{"id":2}';
  assert.equal(memo.join([a, b]), `${a},${b}`);
  assert.equal(memo.join([a, b]), `${a},${b}`);
  assert.equal(joins, 1, "a second member's equal queue reuses the join");
  assert.equal(memo.join([a, b, a]), `${a},${b},${a}`);
  assert.equal(memo.join([b, a]), `${b},${a}`);
  assert.equal(joins, 3, "a longer or reordered queue is joined on its own");
  memo.clear();
  memo.join([b, a]);
  assert.equal(joins, 4, "nothing is remembered after clear");
});
