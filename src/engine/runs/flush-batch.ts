/**
 * What a run writer hands its flush worker (flush-worker.ts) for one flush, and how the worker writes it:
 * the flush's atoms, float columns (moved, not copied: their buffers are transferred and handed back) and
 * string points, all in ONE transaction on the worker's own connection, exactly as an inline flush writes
 * them (writer.ts). A batch that failed stays with the worker and is written again, before the next one,
 * in the next transaction.
 *
 * @example
 * const rows = new FloatRowCache(database, runId)
 * const result = writeBatches(database, runId, rows, [batch])   // { conflicts, stale }
 */
import type { Database, Db } from '../driver/database.js'
import type { AtomCells } from '../fields/atom-codec.js'
import { FieldTypeError } from '../errors.js'
import { ensureField, writeAtom } from '../fields/store.js'
import type { FieldType } from '../fields/types.js'
import { appendFloatPoints } from '../series/float-store.js'
import { appendStringPoints } from '../series/string-store.js'
import type { FloatRowCache } from './row-cache.js'
import { toWire, type WireError } from './wire-error.js'

/** An atom write of a batch (the value already encoded). */
export interface BatchAtom {
  path: string
  type: FieldType
  cells: AtomCells
}

/** The buffered points of one float series, columns [0, length). */
export interface BatchFloats {
  path: string
  steps: Float64Array<ArrayBuffer>
  values: Float64Array<ArrayBuffer>
  timestamps: Float64Array<ArrayBuffer>
  length: number
}

/** The buffered points of one string-valued series. */
export interface BatchStrings {
  path: string
  type: 'StringSeries' | 'FileSeries' | 'HistogramSeries'
  steps: number[]
  timestamps: number[]
  values: string[]
}

/** One flush: atoms first, then series, then `after` (sys/modification_time, the heartbeat). */
export interface FlushBatch {
  id: number
  now: number
  atoms: BatchAtom[]
  floats: BatchFloats[]
  strings: BatchStrings[]
  after: BatchAtom[]
}

/** A field another writer of the run created with another type: its writes in the batch were dropped. */
export interface BatchConflict {
  path: string
  /** Points of the series dropped with it (0 for an atom). */
  points: number
  error: WireError
}

/** Points skipped because another writer of the run already wrote a later step (steps.skipStale). */
export interface BatchStale {
  path: string
  steps: number[]
  stored: number
}

/** The worker's answer to one message: every batch it holds was written (ok), or none was. */
export interface BatchReply {
  /** The id of the last batch the reply covers. */
  id: number
  ok: boolean
  conflicts: BatchConflict[]
  stale: BatchStale[]
  error?: WireError
}

/** Index of the first of `length` steps past `stored`; the skipped steps are noted in `stale`. */
function skipStale(
  path: string,
  steps: ArrayLike<number>,
  length: number,
  stored: number,
  stale: BatchStale[],
) {
  let start = 0
  while (start < length && !((steps[start] as number) > stored)) start++
  if (start > 0)
    stale.push({ path, steps: Array.from({ length: start }, (_, i) => steps[i] as number), stored })
  return start
}

/** A Buffer over the bytes of `bits` (structured cloning turns a Buffer into a plain Uint8Array). */
function cellsOf(cells: AtomCells): AtomCells {
  const bits = cells.bits
  if (bits === null || Buffer.isBuffer(bits)) return cells
  const view = bits as Uint8Array
  return { ...cells, bits: Buffer.from(view.buffer, view.byteOffset, view.byteLength) }
}

/**
 * Writes `batches` in one transaction (retried while another process holds the lock). A field of
 * another type loses only its own writes (a conflict, as an inline flush reports it); any other error
 * rolls the whole transaction back and is thrown.
 */
export function writeBatches(
  database: Database,
  runId: number,
  rows: FloatRowCache,
  batches: readonly FlushBatch[],
): { conflicts: BatchConflict[]; stale: BatchStale[] } {
  const conflicts: BatchConflict[] = []
  const stale: BatchStale[] = []
  const unlessConflict = (path: string, points: number, write: () => void): void => {
    try {
      write()
    } catch (error) {
      if (!(error instanceof FieldTypeError)) throw error
      conflicts.push({ path, points, error: toWire(error) })
    }
  }
  const atom = (db: Db, a: BatchAtom, now: number) =>
    unlessConflict(a.path, 0, () => writeAtom(db, runId, a.path, a.type, cellsOf(a.cells), now))
  try {
    database.write((db) => {
      conflicts.length = 0 // the transaction may be retried
      stale.length = 0
      rows.begin()
      for (const batch of batches) {
        const now = batch.now
        for (const a of batch.atoms) atom(db, a, now)
        for (const f of batch.floats) {
          unlessConflict(f.path, f.length, () => {
            const row = rows.get(db, f.path, now)
            const start = skipStale(f.path, f.steps, f.length, row.lastStep ?? -Infinity, stale)
            appendFloatPoints(db, row, f, start, f.length, now)
          })
        }
        for (const s of batch.strings) {
          unlessConflict(s.path, s.values.length, () => {
            const row = ensureField(db, runId, s.path, s.type, now)
            const start = skipStale(s.path, s.steps, s.steps.length, row.lastStep ?? -Infinity, stale)
            appendStringPoints(
              db,
              row,
              s.steps.slice(start),
              s.timestamps.slice(start),
              s.values.slice(start),
              now,
            )
          })
        }
        for (const a of batch.after) atom(db, a, now)
      }
    })
  } catch (error) {
    rows.clear() // the rollback undid summaries the cache had advanced
    throw error
  }
  rows.committed()
  return { conflicts, stale }
}
