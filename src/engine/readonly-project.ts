/**
 * A project opened for reading: runs, their fields and series, the runs table, statistics and verify —
 * and no way to write. It is what `openProject(dir, { readonly: true })` returns and what the read-only
 * server is handed; its database handle is private to the engine (a `#private` field), so no property of
 * it, even through `as any`, leads to a write.
 *
 * @example
 * const project = openProject('.nereid/demo', { readonly: true })
 * project.runs.list()                                  // [{ id: 'DEMO-1', state: 'idle', … }]
 * project.runs.get('DEMO-1').field('train/loss').fetchLast()
 * project.close()
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { verifyProject } from './files/maintenance.js'
import { throwIfCancelled } from './operations/cancelled.js'
import { checkOperationOptions, type OperationOptions } from './operations/run-operation.js'
import type { VerifyReport } from './objects/store.js'
import { directorySize } from './objects/disk-usage.js'
import { registerInternals } from './internals.js'
import type { ProjectCore } from './project-core.js'
import {
  changesSince,
  fieldColumns,
  objectUses,
  type Changes,
  type FieldColumn,
  type ObjectUse,
} from './query/changes.js'
import { countFields } from './query/project-stats.js'
import {
  listExperiments,
  listModels,
  listVersions,
  type ExperimentSummary,
  type ModelSummary,
  type VersionSummary,
} from './models/listings.js'
import { fetchRunsTable, type RunsTable, type RunsTableOptions } from './query/runs-table.js'
import { RunView } from './run-view.js'
import { findProjectContainer } from './models/project-container.js'
import { listRuns, type RunSummary } from './runs/store.js'
import {
  eventsAfter,
  fieldsSince,
  fieldKeys,
  forkReadsOf,
  syncRegistry,
  seriesTail,
  stringsAfter,
  syncRuns,
  type FieldCursor,
  type SyncChunk,
  type SyncEvent,
  type SyncField,
  type SyncForkRead,
  type SyncRegistry,
  type SyncRun,
  type SyncStringPoint,
} from './query/sync-rows.js'
import { listOperations, type OperationSummary } from './operations/store.js'

/** Counts over a project (Datature's Project.statistic, widened). */
export interface ProjectStats {
  runs: number
  /** Runs by sys/state ('running', 'idle'). */
  runsByState: Record<string, number>
  /** Running runs whose heartbeat stopped. */
  staleRuns: number
  failedRuns: number
  models: number
  modelVersions: number
  experiments: number
  fields: number
  seriesPoints: number
  /** File, FileSet, FileSeries and Artifact fields. */
  fileFields: number
  /** Files in objects/ and their bytes. */
  objects: number
  objectBytes: number
  /** project.db with its WAL. */
  dbBytes: number
}

/** What a project takes on disk (see {@link ReadonlyProject.diskUsage}). */
export interface DiskUsage {
  /** Files in objects/ and their bytes. */
  objects: number
  objectBytes: number
  /** project.db with its WAL. */
  dbBytes: number
}

/** Raw rows for shipping the project elsewhere (src/hub; query/sync-rows.ts says what each holds). */
export interface SyncRows {
  /** Every run, model and model version, oldest first. */
  runs(): SyncRun[]
  /** Up to `cursor.limit` fields updated after (cursor.after, cursor.afterId), in that order. */
  fieldsSince(cursor: FieldCursor): SyncField[]
  /** A float series' stored chunks from `fromSeq` on, and the seq its sealed (never rewritten) chunks end at. */
  seriesTail(fieldId: number, fromSeq: number): { chunks: SyncChunk[]; sealedSeq: number }
  /** A string series' entries after `afterStep`. */
  stringsAfter(fieldId: number, afterStep: number): SyncStringPoint[]
  /** Up to `limit` events after local event id `afterId`. */
  eventsAfter(afterId: number, limit: number): SyncEvent[]
  /** What the fields `fieldIds` (forks' inherited series) read of their ancestors' fields, fixed at fork time. */
  forkReads(fieldIds: readonly number[]): SyncForkRead[]
  /** The model registry (models, versions) and the experiments with their members, whole. */
  registry(): SyncRegistry
  /** Every field's run uuid and path (a copy drops the fields it holds that are not among them). */
  fieldKeys(): { runUuid: string; path: string }[]
}

/** Read access to a project. */
export class ReadonlyProject {
  readonly dir: string
  readonly name: string
  /** The runs: a read-only view of one, or the list of all. */
  readonly runs: {
    /** A read-only view of run `id`. */
    get(id: string): RunView
    /** Every run, oldest first. */
    list(): RunSummary[]
  }
  /** Recorded operations (export, import, gc, verify) with status and progress, oldest first, as plain data. */
  readonly operations: { list(): OperationSummary[] }
  /** Raw rows as stored, for shipping the project to a hub (`nereid sync`); each call is one read transaction. */
  readonly syncRows: SyncRows
  readonly #core: ProjectCore

  /** Made by openProject(); not meant to be called directly. */
  constructor(core: ProjectCore) {
    this.#core = core
    this.dir = core.dir
    this.name = core.name
    this.runs = {
      get: (id) => core.view(id),
      list: () => core.database.read(listRuns),
    }
    this.operations = { list: () => core.database.read(listOperations) }
    const read = core.database.read
    this.syncRows = {
      runs: () => read(syncRuns),
      fieldsSince: (cursor) => read((db) => fieldsSince(db, cursor)),
      seriesTail: (fieldId, fromSeq) => read((db) => seriesTail(db, fieldId, fromSeq)),
      stringsAfter: (fieldId, afterStep) => read((db) => stringsAfter(db, fieldId, afterStep)),
      eventsAfter: (afterId, limit) => read((db) => eventsAfter(db, afterId, limit)),
      forkReads: (fieldIds) => read((db) => forkReadsOf(db, fieldIds)),
      registry: () => read(syncRegistry),
      fieldKeys: () => read(fieldKeys),
    }
    registerInternals(this, core)
  }

  /** The runs as a table: NQL filter, columns, sort and paging (see docs/api.md). */
  fetchRunsTable(options: RunsTableOptions = {}): RunsTable {
    this.#core.flushOpenRuns()
    return fetchRunsTable(this.#core.database, options, 'run')
  }

  /** The models as a table, like fetchRunsTable (columns such as sys/id, sys/name, fields of the models). */
  fetchModelsTable(options: RunsTableOptions = {}): RunsTable {
    this.#core.flushOpenRuns()
    return fetchRunsTable(this.#core.database, options, 'model')
  }

  /** Counts of runs (by state, stale, failed), models, experiments, fields, points, files and bytes. */
  stats(): ProjectStats {
    const core = this.#core
    core.flushOpenRuns()
    const { runs, totals } = core.database.read((db) => ({ runs: listRuns(db), totals: countFields(db) }))
    const runsByState: Record<string, number> = {}
    for (const run of runs) runsByState[run.state] = (runsByState[run.state] ?? 0) + 1
    const disk = this.diskUsage()
    return {
      runs: runs.length,
      runsByState,
      staleRuns: runs.filter((r) => r.stale).length,
      failedRuns: runs.filter((r) => r.failed).length,
      models: totals.models,
      modelVersions: totals.versions,
      experiments: totals.experiments,
      fields: totals.fields,
      seriesPoints: totals.points,
      fileFields: totals.files,
      ...disk,
    }
  }

  /**
   * The bytes of project.db with its WAL and of objects/, without counting anything in the database (what
   * a list of projects shows). objects/ fan-out directories that did not change are not read again.
   *
   * @example
   * reader.diskUsage()   // { objects: 12, objectBytes: 48213, dbBytes: 1048576 }
   */
  diskUsage(): DiskUsage {
    let dbBytes = 0
    for (const suffix of ['', '-wal']) {
      try {
        dbBytes += statSync(this.#core.database.file + suffix).size
      } catch {
        // no WAL file right now
      }
    }
    const objects = directorySize(join(this.#core.dir, 'objects', 'sha256'))
    return { objects: objects.files, objectBytes: objects.bytes, dbBytes }
  }

  /**
   * A number that changes whenever another connection commits to project.db (SQLite's data_version):
   * poll it to learn that something changed, then read what.
   */
  dataVersion(): number {
    return this.#core.database.dataVersion()
  }

  /**
   * What changed after `ms` (a time from a previous answer's `until`): runs with the fields updated since,
   * and runs created since — for live views, after dataVersion() moved.
   */
  changesSince(ms: number): Changes {
    return this.#core.database.read((db) => changesSince(db, ms))
  }

  /** Every (path, type) of the runs' fields with how many runs have it: a column picker's choices. */
  fieldColumns(): FieldColumn[] {
    return this.#core.database.read(fieldColumns)
  }

  /** The fields that reference object `hash` (a File, a FileSet member, a kept FileSeries entry), with their names and types. */
  objectUses(hash: string): ObjectUse[] {
    return this.#core.database.read((db) => objectUses(db, hash))
  }

  /** Every model of the registry (any experiment), as plain data. */
  listModels(): ModelSummary[] {
    return this.#core.database.read(listModels)
  }

  /** The versions of model `id` (like 'DEMO-M1') with their stage, as plain data. */
  listModelVersions(id: string): VersionSummary[] {
    return this.#core.database.read((db) => listVersions(db, id))
  }

  /**
   * A read-only view of the project's own fields (`project.field(path)` writes them): `structure()`,
   * `fetch(path?)`, `field(path)`; null when no project-level field was written yet.
   */
  projectFields(): RunView | null {
    const core = this.#core
    core.flushOpenRuns()
    const identity = core.database.read(findProjectContainer)
    if (!identity) return null
    return new RunView({
      database: core.database,
      projectDir: core.dir,
      identity,
      onWarning: core.options.onWarning,
      objects: core.objects,
    })
  }

  /** Every experiment with its runs' ids, as plain data. */
  listExperiments(): ExperimentSummary[] {
    return this.#core.database.read(listExperiments)
  }

  /**
   * Re-hashes every object and checks every file reference; `report.ok` is false on any damage. Read-only,
   * so not recorded as an operation; `onProgress` and `signal` still work (a Project records it).
   */
  async verify(options: OperationOptions = {}): Promise<VerifyReport> {
    checkOperationOptions(options)
    this.#core.flushOpenRuns()
    return verifyProject(this.#core.database, this.#core.dir, this.#core.objects, (hashed) => {
      throwIfCancelled(options.signal, 'verify')
      options.onProgress?.({ done: hashed, total: null })
    })
  }

  /** Closes every open run (flushing it), then the database. */
  close(): void {
    this.#core.close()
  }
}
