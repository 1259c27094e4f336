/**
 * Sign-ins and the signing key in DynamoDB. A sign-in is the item
 * `SIGNIN#<id> / S`, indexed by `SIGNINS#<name> / <id>`; both carry `ttl`
 * (epoch seconds) for DynamoDB's Time to Live, which a deployment may
 * enable on that attribute (dynalite has none; the core checks
 * `expiresAt` either way). The key is `CONFIG / SIGNING_KEY`, created once.
 *
 * @module
 */
import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import type { SignIn, SignInStore } from "../chat/mod.ts";
import {
  getItem,
  putNew,
  queryPartition,
  randomId,
  type Store,
} from "./dynamodb_ops.ts";
import { type DynamoKey, keyPart } from "./dynamodb_table.ts";

const KEY: DynamoKey = { pk: "CONFIG", sk: "SIGNING_KEY" };
const PAGE = 100;

function signInKey(id: string): DynamoKey {
  return { pk: `SIGNIN#${id}`, sk: "S" };
}

function indexPk(name: string): string {
  return `SIGNINS#${keyPart(name)}`;
}

/** The `SignInStore` half of `DynamoBackend`. */
export class DynamoSignIns implements SignInStore {
  #store: Store;

  /** Stores in the backend's table. */
  constructor(store: Store) {
    this.#store = store;
  }

  async createSignIn(signIn: SignIn): Promise<void> {
    const ttl = Math.ceil(signIn.expiresAt / 1000);
    // The index item first: a sign-in is never stored without it, so
    // "log out everywhere" always finds it.
    await putNew(this.#store, {
      pk: indexPk(signIn.name),
      sk: signIn.id,
      ttl,
      rid: randomId(),
    });
    await putNew(this.#store, {
      ...signInKey(signIn.id),
      ...signIn,
      ttl,
      rid: randomId(),
    });
  }

  async getSignIn(id: string): Promise<SignIn | null> {
    const item = await getItem(this.#store, signInKey(id));
    if (!item) return null;
    return {
      id: item.id as string,
      name: item.name as string,
      createdAt: item.createdAt as number,
      expiresAt: item.expiresAt as number,
    };
  }

  async revokeSignIn(id: string): Promise<void> {
    const found = await this.getSignIn(id);
    if (!found) return;
    await this.#delete(signInKey(id));
    await this.#delete({ pk: indexPk(found.name), sk: id });
  }

  async revokeSignInsOf(name: string): Promise<number> {
    let count = 0;
    for (;;) {
      const rows = await queryPartition(
        this.#store,
        indexPk(name),
        undefined,
        PAGE,
      );
      if (rows.length === 0) return count;
      for (const row of rows) {
        const id = row.sk as string;
        await this.#delete(signInKey(id));
        await this.#delete({ pk: indexPk(name), sk: id });
      }
      count += rows.length;
    }
  }

  async signingKey(candidate: string): Promise<string> {
    await putNew(this.#store, { ...KEY, key: candidate, rid: randomId() });
    const stored = await getItem(this.#store, KEY);
    if (typeof stored?.key !== "string") {
      throw new Error("The signing key was not stored");
    }
    return stored.key;
  }

  async #delete(key: DynamoKey): Promise<void> {
    await this.#store.doc.send(
      new DeleteCommand({ TableName: this.#store.table, Key: key }),
    );
  }
}
