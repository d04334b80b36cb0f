/**
 * What a project handle is made of, shared by `ReadonlyProject` and `Project` and kept in their
 * `#private` fields: the open project.db, the object store, the options, the run id prefix, and the
 * runs this process has open. Opening checks the format (a newer one is refused unchanged) and, unless
 * read-only, creates the directory, the schema and the key.
 *
 * @example
 * const core = openProjectCore('/tmp/p', resolveOptions({}))
 * core.identity('P-1')   // { rowId: 1, id: 'P-1', uuid: '…', customRunId: null }, or RUN_NOT_FOUND
 * core.close()
 */
import { mkdirSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { openDatabase, type Database } from './driver/database.js'
import { prepareSchema } from './driver/migrate.js'
import { readKey } from './driver/meta-store.js'
import { NotFoundError } from './errors.js'
import type { ResolvedOptions } from './options.js'
import { openObjectStore, type ObjectStore } from './objects/store.js'
import type { Run } from './run.js'
import { RunView } from './run-view.js'
import { findRun, listRuns, type RunIdentity } from './runs/store.js'
import { didYouMean } from './suggest.js'

/** The name of the project file inside a project directory. */
export const PROJECT_DB = 'project.db'

/** A run id prefix from a directory name: 'my-demo' -> 'MYDEMO'. */
function keyFromName(name: string): string {
  const letters = name
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .replace(/^[0-9]+/, '')
  return letters.slice(0, 10) || 'RUN'
}

/** The inside of an open project. */
export interface ProjectCore {
  readonly dir: string
  readonly name: string
  /** The run id prefix (DEMO in DEMO-1). */
  readonly key: string
  readonly database: Database
  readonly objects: ObjectStore
  readonly options: ResolvedOptions
  /** Runs and containers open for writing in this process. */
  readonly open: Set<Run>
  /** The identity of run `id`, or a RUN_NOT_FOUND error with a suggestion. */
  identity(id: string): RunIdentity
  /** A read-only view of run `id`. */
  view(id: string): RunView
  /** Writes what every open run buffered (before a read of the whole project). */
  flushOpenRuns(): void
  /** Closes every open run (flushing it), then the database. */
  close(): void
}

/** Opens the project in `dir` with checked `options`. */
export function openProjectCore(dir: string, options: ResolvedOptions): ProjectCore {
  const root = resolve(dir)
  const name = basename(root)
  if (!options.readonly) mkdirSync(root, { recursive: true })
  const database = openDatabase(join(root, PROJECT_DB), {
    readonly: options.readonly,
    durability: options.durability,
    busyTimeoutMs: options.busyTimeoutMs,
  })
  let key: string
  try {
    prepareSchema(database)
    key = readKey(database, options.key ?? keyFromName(name))
  } catch (error) {
    database.close()
    throw error
  }
  const objects = openObjectStore(root)
  const open = new Set<Run>()
  const identity = (id: string): RunIdentity => {
    const found = database.read((db) => findRun(db, { id }))
    if (found) return found
    const guess = didYouMean(
      id,
      database.read(listRuns).map((r) => r.id),
    )
    throw new NotFoundError('RUN_NOT_FOUND', `project ${name} has no run '${id}'`, {
      hint: guess ? `Did you mean '${guess}'?` : 'List the runs with project.runs.list() or `nereid ls`.',
    })
  }
  const flushOpenRuns = (): void => {
    for (const run of open) run.flush()
  }
  return {
    dir: root,
    name,
    key,
    database,
    objects,
    options,
    open,
    identity,
    view: (id) =>
      new RunView({
        database,
        projectDir: root,
        identity: identity(id),
        onWarning: options.onWarning,
        objects,
      }),
    flushOpenRuns,
    close: () => {
      for (const run of [...open]) run.close()
      database.close()
    },
  }
}
