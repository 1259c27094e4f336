import assert from "node:assert/strict";
import { EncodeOnce, JoinMemo } from "../lib/fanout/mod.ts";

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

Deno.test("encode once encodes each event object once, interleaved or not", () => {
  const calls: string[] = [];
  const once = new EncodeOnce((e: { text: string }) => {
    calls.push(e.text);
    return `<${e.text}>`;
  });
  const a = { text: "a" };
  const b = { text: "b" };
  assert.equal(once.encode(a), "<a>");
  assert.equal(once.encode(a), "<a>");
  assert.equal(once.encode(b), "<b>");
  assert.equal(once.encode(a), "<a>", "an earlier event still answers");
  assert.equal(once.encode({ text: "a" }), "<a>");
  assert.deepEqual(calls, ["a", "b", "a"], "equal but distinct objects count");
});
