/**
 * Level-of-detail blocks kept in memory per connection, so a chart read again (a live view refreshing, a
 * second tab, a zoom) reads the chunks' small columns alone and only the blocks it has not seen. The lod
 * column sits behind a chunk's 64 KB of values, and reading it walks their overflow pages: ~10 µs a chunk.
 *
 * A block set is valid for the chunk row it was read from: an entry is used only while the row's field,
 * count and step range are the same (fields ids are never reused; compaction replaces trailing chunks by
 * one holding more points). At most MOST_BYTES per connection, the oldest dropped first.
 *
 * @example
 * const lods = chunkLods(db, fieldId, chunks)   // chunks: { id, count, stepFirst, stepLast, lodBytes }[]
 */
import { statement, type Db } from '../driver/database.js'
import { lodView } from './lod.js'

/** A chunk row's identity as the read sees it; `lodBytes` null for a chunk written before format 2. */
export interface ChunkKey {
  id: number
  count: number
  stepFirst: number
  stepLast: number
  lodBytes: number | null
}

interface Entry {
  fieldId: number
  count: number
  stepFirst: number
  stepLast: number
  lod: Float64Array
}

/** Bytes of blocks kept per connection: ~160 M points' worth. */
const MOST_BYTES = 64 * 1024 * 1024

const caches = new WeakMap<Db, { entries: Map<number, Entry>; bytes: number }>()

const LODS = 'SELECT c.id AS id, c.lod AS lod FROM json_each(?) j JOIN series_chunks c ON c.id = j.value'

function cacheOf(db: Db): { entries: Map<number, Entry>; bytes: number } {
  let cache = caches.get(db)
  if (!cache) caches.set(db, (cache = { entries: new Map(), bytes: 0 }))
  return cache
}

function fits(entry: Entry | undefined, fieldId: number, chunk: ChunkKey): entry is Entry {
  return (
    entry !== undefined &&
    entry.fieldId === fieldId &&
    entry.count === chunk.count &&
    entry.stepFirst === chunk.stepFirst &&
    entry.stepLast === chunk.stepLast &&
    entry.lod.byteLength === chunk.lodBytes
  )
}

/** The blocks of each of `chunks` of field `fieldId` (null for a chunk without), reading only unseen ones. */
export function chunkLods(db: Db, fieldId: number, chunks: ChunkKey[]): (Float64Array | null)[] {
  const cache = cacheOf(db)
  const fresh = new Map<number, Float64Array>()
  const missing = chunks.filter((c) => c.lodBytes !== null && !fits(cache.entries.get(c.id), fieldId, c))
  if (missing.length > 0) {
    const byId = new Map(missing.map((c) => [c.id, c]))
    const rows = statement<{ id: number; lod: Buffer | null }>(db, LODS).all(JSON.stringify([...byId.keys()]))
    for (const row of rows) {
      const chunk = byId.get(row.id)
      if (!chunk || row.lod === null) continue
      const lod = lodView(row.lod)
      fresh.set(row.id, lod)
      const old = cache.entries.get(row.id)
      if (old) cache.bytes -= old.lod.byteLength
      cache.entries.delete(row.id) // set again below: the newest
      const { count, stepFirst, stepLast } = chunk
      cache.entries.set(row.id, { fieldId, count, stepFirst, stepLast, lod })
      cache.bytes += lod.byteLength
    }
    for (const [id, entry] of cache.entries) {
      if (cache.bytes <= MOST_BYTES) break
      cache.entries.delete(id)
      cache.bytes -= entry.lod.byteLength
    }
  }
  return chunks.map((c) => {
    if (c.lodBytes === null) return null
    const entry = cache.entries.get(c.id)
    return fresh.get(c.id) ?? (fits(entry, fieldId, c) ? entry.lod : null)
  })
}
