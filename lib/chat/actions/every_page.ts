/**
 * Walks a name-ordered list to its end, a full page (`MAX_PAGE`) at a time,
 * for lists bounded by one participant (their requests, their channels).
 *
 * @module
 */
import { type ListPage, type ListQuery, MAX_PAGE } from "../model/types.ts";

/** Every item of the list `read` pages through, in order. */
export async function* everyItem<T>(
  read: (query: ListQuery) => Promise<ListPage<T>>,
): AsyncGenerator<T> {
  let after: string | undefined;
  do {
    const page = await read({ limit: MAX_PAGE, after });
    yield* page.items;
    after = page.next;
  } while (after !== undefined);
}
