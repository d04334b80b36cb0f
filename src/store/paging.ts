/**
 * One page of an in-memory list, as the read interface returns it.
 *
 * @example
 * pageOf([1, 2, 3], { offset: 1, limit: 1 }, String)   // { total: 3, offset: 1, limit: 1, items: ['2'] }
 */
import type { Page, PageRequest } from './read-store.js'

/** The page `request` of `all`, each item mapped by `map`. */
export function pageOf<T, U>(all: readonly T[], request: PageRequest, map: (item: T) => U): Page<U> {
  return {
    total: all.length,
    offset: request.offset,
    limit: request.limit,
    items: all.slice(request.offset, request.offset + request.limit).map(map),
  }
}
