/**
 * The conformance suite's sign-in cases (issue 13 item 9, issue 14's
 * signing key): every backend stores, revokes and shares them the same way.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { Backend, SignIn } from "../lib/chat/mod.ts";

function signIn(id: string, name: string, ttlMs = 60_000): SignIn {
  const now = Date.now();
  return {
    id: id.padEnd(22, "x"),
    name,
    createdAt: now,
    expiresAt: now + ttlMs,
  };
}

/** Sign-in behaviours every backend shares. */
export const signInCases: Record<string, (b: Backend) => Promise<void>> = {
  async "keeps a sign-in until it is revoked"(b) {
    const one = signIn("one", "Alice");
    await b.signIns.createSignIn(one);
    assert.deepEqual(await b.signIns.getSignIn(one.id), one);
    assert.equal(await b.signIns.getSignIn("nobody".padEnd(22, "x")), null);
    await b.signIns.revokeSignIn(one.id);
    assert.equal(await b.signIns.getSignIn(one.id), null);
    // Revoking again, or something unknown, is harmless.
    await b.signIns.revokeSignIn(one.id);
    await b.signIns.revokeSignIn("never".padEnd(22, "x"));
  },

  async "revokes every sign-in of one participant, any case"(b) {
    const mine = [
      signIn("a1", "Alice"),
      signIn("a2", "alice"),
      signIn("a3", "ALICE"),
    ];
    const bobs = signIn("b1", "bob");
    await Promise.all([...mine, bobs].map((s) => b.signIns.createSignIn(s)));
    assert.equal(await b.signIns.revokeSignInsOf("aLiCe"), 3);
    for (const s of mine) assert.equal(await b.signIns.getSignIn(s.id), null);
    assert.deepEqual(await b.signIns.getSignIn(bobs.id), bobs);
    assert.equal(await b.signIns.revokeSignInsOf("alice"), 0);
    // A sign-in revoked alone is not counted again.
    await b.signIns.revokeSignIn(bobs.id);
    assert.equal(await b.signIns.revokeSignInsOf("bob"), 0);
  },

  async "keeps one signing key, whichever first start wins"(b) {
    const keys = await Promise.all(
      ["k1", "k2", "k3", "k4", "k5"].map((k) => b.signIns.signingKey(k)),
    );
    assert.equal(new Set(keys).size, 1, keys.join());
    assert.ok(["k1", "k2", "k3", "k4", "k5"].includes(keys[0]));
    assert.equal(await b.signIns.signingKey("later"), keys[0]);
  },
};
