/**
 * The float-series field rows of one run writer, kept between flushes so a flush does not re-select each
 * row (~20 columns) per field: `appendFloatPoints` keeps a row's summary up to date in memory as it
 * writes it. The cache is dropped whenever anyone else may have changed a row: another connection
 * committed (SQLite's data_version), another write ran on this connection (the driver's write count), or
 * a flush failed (its transaction rolled back the rows the cache had already advanced).
 *
 * @example
 * const rows = new FloatRowCache(database, runId)
 * database.write((db) => { rows.begin(); const row = rows.get(db, 'loss', now); ... })
 * rows.committed()   // after the flush's commit; rows.clear() when it failed
 */
import type { Database, Db } from '../driver/database.js'
import { ensureField, type FieldRow } from '../fields/store.js'

/** Cached float-series rows of one run. */
export class FloatRowCache {
  private readonly rows = new Map<string, FieldRow>()
  private seenVersion = -1
  private seenWrites = -1

  constructor(
    private readonly database: Database,
    private readonly runId: number,
  ) {}

  /** Call first inside the flush's transaction: drops the cache when another writer may have changed a row. */
  begin(): void {
    const version = this.database.dataVersion()
    if (version !== this.seenVersion || this.database.writeCount() !== this.seenWrites) this.rows.clear()
    this.seenVersion = version
  }

  /** The row of float series `path` (created if needed): cached, or selected and cached. */
  get(db: Db, path: string, now: number): FieldRow {
    let row = this.rows.get(path)
    if (row === undefined) {
      row = ensureField(db, this.runId, path, 'FloatSeries', now)
      this.rows.set(path, row)
    }
    return row
  }

  /** Call after the flush committed: its own write does not count as someone else's. */
  committed(): void {
    this.seenWrites = this.database.writeCount()
  }

  /** Drops every cached row (a failed flush, a deleted field). */
  clear(): void {
    this.rows.clear()
    this.seenWrites = -1
  }
}
