/**
 * What a file field's `fetch()` returns (a File's info, an Artifact's summary) looks like a plain object,
 * and assigning it would fan it out into a namespace `{ hash, files, size }`. So those results carry the
 * stored cells under a non-enumerable symbol (invisible to JSON, spreading and equality): `assign` reads
 * them and copies an Artifact (which refers to files by path and hash, not to stored objects) or refuses a
 * File with a hint.
 *
 * @example
 * const summary = markStored({ hash, files: 2, size: 10 }, { type: 'Artifact', num: 10, text })
 * storedOf(summary)   // { type: 'Artifact', num: 10, text }
 * storedOf({ hash })  // undefined
 */
import type { FieldType } from './types.js'

const STORED = Symbol('nereid.storedField')

/** The stored cells a fetched file value came from. */
export interface StoredCells {
  type: FieldType
  num: number | null
  text: string | null
}

/** Attaches `cells` to `value` (non-enumerable) and returns `value`. */
export function markStored<T extends object>(value: T, cells: StoredCells): T {
  Object.defineProperty(value, STORED, { value: cells, enumerable: false })
  return value
}

/** The stored cells `value` was fetched from, when it is a fetched file value. */
export function storedOf(value: unknown): StoredCells | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  return (value as { [STORED]?: StoredCells })[STORED]
}
