/**
 * The stored side of checkpoints: reading a checkpoint name's entries, and releasing the files a keep
 * policy no longer retains by setting `"kept": false` in their string_points rows (and in the field's
 * last value when the last entry is released), in one transaction after the writer's flush, stamping the
 * field's `updated_at` so readers of changes see the release.
 *
 * @example
 * entriesAt(run, 'checkpoints/weights')                      // [{ step: 0, hash, kept: true, metrics, … }]
 * release(run, 'checkpoints/weights', 'lowest', 'val/loss')  // older bests now kept: false
 */
import type { Db } from '../driver/database.js'
import { getField, setLastValueKey, touchField, type FieldRow } from '../fields/store.js'
import { readStringPoints, setEntryKey } from '../series/string-store.js'
import type { FileSeriesEntry, KeepPolicy } from './entries.js'
import { decodeEntry } from './file-series.js'
import type { FileHost } from './host.js'
import { toRelease } from './retention.js'

function decodeAll(db: Db, row: FieldRow): FileSeriesEntry[] {
  const points = readStringPoints(db, row.id)
  return points.values.map((v, i) => decodeEntry(points.steps[i]!, points.timestamps[i]!, v, row.path))
}

/** The entries of the checkpoint field `path` (after flushing the run), in step order. */
export function entriesAt(host: FileHost, path: string): FileSeriesEntry[] {
  host.sync()
  return host.database.read((db) => {
    const row = getField(db, host.rowId, path)
    return row ? decodeAll(db, row) : []
  })
}

/** Marks released (`kept: false`) the kept entries of `path` that `keep` no longer retains. */
export function release(host: FileHost, path: string, keep: KeepPolicy, metric: string | undefined): void {
  host.database.write((db) => {
    const row = getField(db, host.rowId, path)
    if (!row) return
    const released = toRelease(decodeAll(db, row), keep, metric)
    for (const step of released) {
      setEntryKey(db, row.id, step, 'kept', 'false')
      if (step === row.lastStep) setLastValueKey(db, row.id, 'kept', 'false')
    }
    // a change of the field's entries: readers of changes (the viewer, a hub sync) see it
    if (released.length > 0) touchField(db, row.id, Date.now())
  })
}
