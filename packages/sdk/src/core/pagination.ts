/** Cursor pagination: `{data, has_more, next_cursor}` pages, fetched with `startingAfter = next_cursor`. */
import { APIPromise, type PendingCall } from './api-promise';

/** The shape every list response has (plus its camelCase aliases). */
export interface PageShape {
  data: readonly unknown[];
  has_more: boolean;
  next_cursor: string | null;
}

/** Fetches the page starting after `cursor`. */
export type PageFetcher<Page> = (cursor: string) => Promise<Page>;

/** The item type of a page type. */
export type PageItem<Page> = Page extends { data: readonly (infer Item)[] } ? Item : never;

/**
 * What list methods return. Await it for the first page, or iterate it to walk every item of every page:
 *
 * ```ts
 * const page = await solifyn.products.list({ limit: 10 });
 * for await (const product of solifyn.products.list()) { … }
 * ```
 *
 * `withResponse()` and `asResponse()` apply to the first page.
 */
export class PagePromise<Page> extends APIPromise<Page> implements AsyncIterable<PageItem<Page>> {
  readonly #fetchPage: PageFetcher<Page>;

  /** `firstPage`: the call already started for the first page; `fetchPage`: how to get each following one. */
  constructor(firstPage: PendingCall<Page>, fetchPage: PageFetcher<Page>) {
    super(firstPage);
    this.#fetchPage = fetchPage;
  }

  /** Every page, starting with the first; requests the next one only when needed. */
  async *pages(): AsyncGenerator<Page, void, undefined> {
    let page: Page = await this;
    yield page;
    for (let shape = page as PageShape; shape.has_more && shape.next_cursor; shape = page as PageShape) {
      page = await this.#fetchPage(shape.next_cursor);
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<PageItem<Page>, void, undefined> {
    for await (const page of this.pages()) yield* (page as PageShape).data as readonly PageItem<Page>[];
  }
}
