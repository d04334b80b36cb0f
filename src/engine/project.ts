/**
 * A project: one directory holding project.db. It starts runs, finds them again and closes them.
 *
 * @example
 * const project = openProject('.nereid/demo')
 * const run = project.startRun({ name: 'baseline', customRunId: 'job-42' })
 * project.runs.list()          // [{ id: 'DEMO-1', name: 'baseline', state: 'running', … }]
 * project.close()
 */
import { randomUUID } from 'node:crypto'
import { mkdirSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { sql } from 'drizzle-orm'
import { meta } from '../../schema/tables.js'
import { openDatabase, type Database, type Db } from './driver/database.js'
import { encodeAtom } from './atom-codec.js'
import { InvalidValueError, NotFoundError, ReadOnlyError } from './errors.js'
import { editStringSet, listFields, writeAtom } from './field-store.js'
import { prepareSchema } from './migrate.js'
import { didYouMean, rejectUnknownKeys, resolveOptions, type ProjectOptions, type ResolvedOptions } from './options.js'
import { Run } from './run.js'
import { findRun, insertRun, listRuns, type RunSummary } from './run-store.js'
import { RunView, type RunIdentity } from './run-view.js'
import { RunWriter } from './run-writer.js'
import { fetchRunsTable, type RunsTable, type RunsTableOptions } from './query/runs-table.js'

/** Options of `startRun`. */
export interface StartRunOptions {
  /** sys/name (default 'Untitled'). */
  name?: string
  /** sys/description (default ''). */
  description?: string
  /** Added to sys/tags. */
  tags?: readonly string[]
  /** Your own id: starting a run with a custom run id that exists resumes that run (DDP ranks, retries). */
  customRunId?: string
}

const START_RUN_KEYS = ['name', 'description', 'tags', 'customRunId']

/** Counts over a project. */
export interface ProjectStats {
  runs: number
  runsByState: Record<string, number>
  fields: number
  seriesPoints: number
  dbBytes: number
}

/** The read side of a project: what a read-only open hands out. */
export interface ReadonlyProject {
  readonly dir: string
  readonly name: string
  readonly runs: { get(id: string): RunView; list(): RunSummary[] }
  fetchRunsTable(options?: RunsTableOptions): RunsTable
  stats(): ProjectStats
  close(): void
}

/** The name of the project file inside a project directory. */
export const PROJECT_DB = 'project.db'

/** A run id prefix from a directory name: 'my-demo' -> 'MYDEMO'. */
function keyFromName(name: string): string {
  const letters = name.toUpperCase().replace(/[^A-Z0-9]/g, '').replace(/^[0-9]+/, '')
  return letters.slice(0, 10) || 'RUN'
}

function checkCustomRunId(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value.length === 0 || value.length > 128 || /[\u0000-\u001f/]/.test(value)) {
    throw new InvalidValueError('INVALID_CUSTOM_RUN_ID', `customRunId must be 1 to 128 characters without '/' or control characters, got ${JSON.stringify(value)}`, {
      hint: "Use something like the job id: customRunId: process.env.SLURM_JOB_ID.",
    })
  }
  return value
}

/** A project open for reading and writing. */
export class Project implements ReadonlyProject {
  readonly dir: string
  readonly name: string
  /** The run id prefix (DEMO in DEMO-1). */
  readonly key: string
  readonly runs: {
    /** A read-only view of run `id`. */
    get(id: string): RunView
    /** Opens run `id` for writing again. */
    resume(id: string): Run
    /** Every run, oldest first. */
    list(): RunSummary[]
  }
  private readonly database: Database
  private readonly options: ResolvedOptions
  private readonly open = new Set<Run>()

  constructor(dir: string, options: ProjectOptions = {}) {
    this.options = resolveOptions(options)
    this.dir = resolve(dir)
    this.name = basename(this.dir)
    if (!this.options.readonly) mkdirSync(this.dir, { recursive: true })
    this.database = openDatabase(join(this.dir, PROJECT_DB), {
      readonly: this.options.readonly,
      durability: this.options.durability,
      busyTimeoutMs: this.options.busyTimeoutMs,
    })
    try {
      prepareSchema(this.database)
      this.key = this.initKey()
    } catch (error) {
      this.database.close()
      throw error
    }
    this.runs = {
      get: (id) => new RunView(this.database, this.dir, this.identity(id)),
      resume: (id) => this.openRun(this.identity(id), {}),
      list: () => this.database.read(listRuns),
    }
  }

  private initKey(): string {
    const wanted = this.options.key ?? keyFromName(this.name)
    const read = (db: Db) => db.select().from(meta).where(sql`${meta.key} = 'key'`).get()?.value
    if (this.options.readonly) return this.database.read(read) ?? wanted
    return this.database.write((db) => {
      db.insert(meta).values({ key: 'key', value: wanted }).onConflictDoNothing().run()
      return read(db) ?? wanted
    })
  }

  private identity(id: string): RunIdentity {
    const found = this.database.read((db) => findRun(db, { id }))
    if (found) return found
    const guess = didYouMean(id, this.database.read(listRuns).map((r) => r.id))
    throw new NotFoundError('RUN_NOT_FOUND', `project ${this.name} has no run '${id}'`, {
      hint: guess ? `Did you mean '${guess}'?` : 'List the runs with project.runs.list() or `nereid ls`.',
    })
  }

  private assertWritable(): void {
    if (this.options.readonly) {
      throw new ReadOnlyError('READ_ONLY', `project ${this.name} was opened read-only`, {
        hint: 'Open it without { readonly: true } to start or resume runs.',
      })
    }
  }

  /**
   * Starts a run, or resumes the run with the same `customRunId` if one exists (in this or any process).
   */
  startRun(options: StartRunOptions = {}): Run {
    this.assertWritable()
    rejectUnknownKeys(options, START_RUN_KEYS, 'startRun options')
    const customRunId = checkCustomRunId(options.customRunId)
    const now = Date.now()
    const identity = this.database.write((db) => {
      const existing = customRunId === undefined ? undefined : findRun(db, { customRunId })
      if (existing) return existing
      const created = insertRun(db, this.key, randomUUID(), customRunId, now)
      const atom = (path: string, type: 'String' | 'Datetime', value: string | Date) =>
        writeAtom(db, created.rowId, path, type, encodeAtom(type, value), now)
      atom('sys/id', 'String', created.id)
      atom('sys/uuid', 'String', created.uuid)
      if (customRunId !== undefined) atom('sys/custom_run_id', 'String', customRunId)
      atom('sys/name', 'String', options.name ?? 'Untitled')
      atom('sys/description', 'String', options.description ?? '')
      atom('sys/creation_time', 'Datetime', new Date(now))
      editStringSet(db, created.rowId, 'sys/tags', () => {}, now)
      return created
    })
    return this.openRun(identity, options)
  }

  private openRun(identity: RunIdentity, options: StartRunOptions): Run {
    this.assertWritable()
    const rows = this.database.read((db) => listFields(db, identity.rowId))
    const writer = new RunWriter(this.database, identity.rowId, this.options, rows)
    const run = new Run(this.database, this.dir, identity, writer, (r) => this.open.delete(r))
    this.open.add(run)
    writer.assignAtom('sys/state', 'String', encodeAtom('String', 'running'), true)
    if (options.tags?.length) run.tags.add(options.tags)
    if (options.name !== undefined) run.assign('sys/name', options.name)
    if (options.description !== undefined) run.assign('sys/description', options.description)
    run.flush()
    return run
  }

  /** Counts of runs, fields and points, and the size of project.db. */
  stats(): ProjectStats {
    return this.database.read((db) => {
      const byState = db.all<{ state: string | null; n: number }>(
        sql`SELECT f.text AS state, count(*) AS n FROM runs r LEFT JOIN fields f ON f.run_id = r.id AND f.path = 'sys/state' WHERE r.kind = 'run' GROUP BY f.text`,
      )
      const totals = db.get<{ fields: number; points: number }>(
        sql`SELECT count(*) AS fields, coalesce(sum(CASE WHEN type IN ('FloatSeries', 'StringSeries') THEN count END), 0) AS points FROM fields`,
      )
      const runsByState: Record<string, number> = {}
      for (const { state, n } of byState) runsByState[state ?? 'idle'] = (runsByState[state ?? 'idle'] ?? 0) + n
      let dbBytes = 0
      for (const suffix of ['', '-wal']) {
        try {
          dbBytes += statSync(this.database.file + suffix).size
        } catch {
          // no WAL file right now
        }
      }
      return {
        runs: Object.values(runsByState).reduce((a, b) => a + b, 0),
        runsByState,
        fields: totals?.fields ?? 0,
        seriesPoints: totals?.points ?? 0,
        dbBytes,
      }
    })
  }

  /** The runs as a table: NQL filter, columns, sort and paging (see docs/api.md). */
  fetchRunsTable(options: RunsTableOptions = {}): RunsTable {
    this.flushOpenRuns()
    return fetchRunsTable(this.database, options, 'run')
  }

  private flushOpenRuns(): void {
    for (const run of this.open) run.flush()
  }

  /** Closes every open run (flushing it), then the database. */
  close(): void {
    for (const run of [...this.open]) run.close()
    this.database.close()
  }
}

/**
 * Opens the project in directory `dir`, creating the directory and project.db when missing (unless
 * `readonly`). A project written by a newer Nereid is refused without being changed.
 */
export function openProject(dir: string, options: ProjectOptions & { readonly: true }): ReadonlyProject
export function openProject(dir: string, options?: ProjectOptions): Project
export function openProject(dir: string, options: ProjectOptions = {}): Project | ReadonlyProject {
  return new Project(dir, options)
}

