/**
 * `nereid sync` in one pass: ships everything new in a local project since the source's cursor, batch
 * after batch, until nothing is left. Each pass starts OVERLAP_MS before the cursor, because a writer
 * stamps `updated_at` before it waits for the write lock, so a commit may land with an earlier stamp than
 * one already shipped; re-shipping a few seconds changes nothing (every write is an upsert or a replace).
 *
 * @example
 * const project = openProject('.nereid/demo', { readonly: true })
 * const report = await syncOnce(project, hub, { project: 'team' })   // { batches: 3, fields: 120, … }
 */
import { hostname } from 'node:os'
import type { ReadonlyProject } from '../index.js'
import type { Hub } from './connect.js'
import { connectionError } from './errors.js'
import { addReport, shipBatch, type BatchReport, type ChunkWrite } from './ship-batch.js'
import { shipDeletes } from './ship-deletes.js'
import { shipOperations } from './ship-operations.js'
import { shipRegistry } from './ship-registry.js'
import { shipRuns } from './ship-runs.js'
import { openTarget } from './source.js'

/** How far before its cursor each pass starts again (ms). */
export const OVERLAP_MS = 5000

/** Options of a sync. */
export interface SyncOptions {
  /** The hub project to sync into (default: the local project's name). */
  project?: string
  /** This source's name in the hub (default: `host:project directory`). */
  source?: string
  /** The shared objects directory; without it, objects are not shipped. */
  objectsDir?: string
  /** Fields per batch (default 200). */
  batchFields?: number
  /** Events per batch (default 1000). */
  batchEvents?: number
  /** How chunk rows are written (default 'auto': COPY for batches of many; benchmarks compare the others). */
  chunkWrite?: ChunkWrite
  /** Leave in the hub what was deleted locally (default: a pass deletes it there too). */
  keepDeleted?: boolean
  /** Called after each batch is committed (tests and progress). */
  onBatch?: (report: BatchReport) => void
}

/** What a pass moved. */
export interface SyncReport extends BatchReport {
  batches: number
  runs: number
  /** Runs (models, versions) and fields deleted from the hub because they are gone locally. */
  deletedRuns: number
  deletedFields: number
}

/** A report of nothing moved yet. */
export function emptyReport(): SyncReport {
  return {
    batches: 0,
    runs: 0,
    fields: 0,
    chunks: 0,
    chunkPoints: 0,
    strings: 0,
    events: 0,
    objects: 0,
    deletedRuns: 0,
    deletedFields: 0,
  }
}

/** One pass: runs, then batches of fields and events until none is left. Typed errors on connection failures. */
export async function syncOnce(
  project: ReadonlyProject,
  hub: Hub,
  options: SyncOptions = {},
): Promise<SyncReport> {
  try {
    return await pass(project, hub, options)
  } catch (error) {
    throw connectionError(error, hub.where) ?? error
  }
}

async function pass(project: ReadonlyProject, hub: Hub, options: SyncOptions): Promise<SyncReport> {
  const name = options.project ?? project.name
  const host = hostname()
  const target = await openTarget(hub.sql, {
    project: name,
    source: options.source ?? `${host}:${project.dir}`,
    host,
  })
  const runs = project.syncRows.runs()
  const runIds = await shipRuns(hub.sql, target, runs)
  await shipRegistry(hub.sql, target, runIds, project.syncRows.registry())
  await shipOperations(hub.sql, target, project.operations.list())
  const total = { ...emptyReport(), runs: runs.length }
  let cursor = {
    ...target.cursor,
    fieldsUntil: Math.max(0, target.cursor.fieldsUntil - OVERLAP_MS),
    fieldsAfterId: 0,
  }
  let eventsAfter = target.cursor.eventsAfter
  const limit = options.batchFields ?? 200
  for (;;) {
    const fields = project.syncRows.fieldsSince({
      after: cursor.fieldsUntil,
      afterId: cursor.fieldsAfterId,
      limit,
    })
    const events = project.syncRows.eventsAfter(eventsAfter, options.batchEvents ?? 1000)
    if (fields.length === 0 && events.length === 0) break
    // a run created after the runs were read: ship it first (its fields name it)
    if ([...fields, ...events].some((row) => !runIds.has(row.runUuid))) {
      for (const [uuid, id] of await shipRuns(hub.sql, target, project.syncRows.runs())) runIds.set(uuid, id)
    }
    const lastField = fields[fields.length - 1]
    const next = {
      // the stored cursor never moves back (an overlap pass re-reads rows before it)
      fieldsUntil: lastField ? lastField.updatedAt : cursor.fieldsUntil,
      fieldsAfterId: lastField ? lastField.localId : cursor.fieldsAfterId,
      eventsAfter: events[events.length - 1]?.localId ?? eventsAfter,
    }
    const stored =
      lastField && lastField.updatedAt < target.cursor.fieldsUntil
        ? { ...next, fieldsUntil: target.cursor.fieldsUntil, fieldsAfterId: target.cursor.fieldsAfterId }
        : next
    const report = await shipBatch(hub.sql, {
      project,
      name,
      target,
      runIds,
      fields,
      events,
      next: stored,
      objectsDir: options.objectsDir,
      chunkWrite: options.chunkWrite,
    })
    options.onBatch?.(report)
    total.batches++
    addReport(total, report)
    cursor = next
    eventsAfter = next.eventsAfter
  }
  if (!options.keepDeleted) {
    // read after the batches: a field shipped in this pass is either still here or deleted since
    const keys = project.syncRows.fieldKeys()
    const deleted = await shipDeletes(hub.sql, target, name, project.syncRows.runs(), keys)
    total.deletedRuns = deleted.runs
    total.deletedFields = deleted.fields
  }
  return total
}
