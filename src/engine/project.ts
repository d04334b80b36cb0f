/**
 * A project: one directory holding project.db. It starts runs, finds them again and closes them.
 *
 * @example
 * const project = openProject('.nereid/demo')
 * const run = project.startRun({ name: 'baseline', customRunId: 'job-42' })
 * project.runs.list()          // [{ id: 'DEMO-1', name: 'baseline', state: 'running', … }]
 * project.close()
 */
import { hostname } from 'node:os'
import { mkdirSync, readdirSync, statSync, type Dirent } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { sql } from 'drizzle-orm'
import { meta } from '../../schema/tables.js'
import { openDatabase, type Database, type Db } from './driver/database.js'
import { encodeAtom } from './atom-codec.js'
import { InvalidValueError, NotFoundError, ReadOnlyError } from './errors.js'
import { editStringSet, getField, listFields } from './field-store.js'
import { prepareSchema } from './migrate.js'
import { didYouMean, rejectUnknownKeys, resolveOptions, type ProjectOptions, type ResolvedOptions } from './options.js'
import { Run } from './run.js'
import { gcProject, verifyProject } from './files/maintenance.js'
import { openObjectStore, type GcOptions, type GcReport, type ObjectStore, type VerifyReport } from './objects/store.js'
import { findRun, insertContainer, listRuns, writeSysAtoms, type RunSummary, type SysAtom } from './run-store.js'
import { RunView, type RunIdentity } from './run-view.js'
import { RunWriter, type WriterLifecycle } from './run-writer.js'
import { CAPTURE_OPTION_KEYS, resolveCapture, type CaptureOptions, type CaptureSettings } from './capture/capture-options.js'
import { monitoringId, ownerName } from './capture/environment.js'
import { startCapture } from './capture/start-capture.js'
import { insertEvent } from './events.js'
import { forkRun, lineageOf } from './lineage.js'
import type { ContainerHost } from './models/container-host.js'
import { ensureExperiment, Experiments, joinExperiment } from './models/experiments.js'
import { Models } from './models/models.js'
import { fetchRunsTable, type RunsTable, type RunsTableOptions } from './query/runs-table.js'
import { changesSince, fieldColumns, objectUses, type Changes, type FieldColumn, type ObjectUse } from './changes.js'

/** Options of `startRun`: identity, grouping, forking and capture. */
export interface StartRunOptions extends CaptureOptions {
  /** sys/name (default 'Untitled'). */
  name?: string
  /** sys/description (default ''). */
  description?: string
  /** Added to sys/tags. */
  tags?: readonly string[]
  /** Your own id: starting a run with a custom run id that exists resumes that run (DDP ranks, retries). */
  customRunId?: string
  /** Puts the run in this experiment (created when missing); sys/experiment. */
  experiment?: string
  /** Branches from a run at a step: its series read as the parent's up to that step, then the new run's. */
  forkFrom?: { run: string; step: number }
}

const START_RUN_KEYS = ['name', 'description', 'tags', 'customRunId', 'experiment', 'forkFrom', ...CAPTURE_OPTION_KEYS]

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

/** Number and total size of the files under `dir` (recursively); 0 when it does not exist. */
function directorySize(dir: string): { files: number; bytes: number } {
  let files = 0
  let bytes = 0
  let entries: Dirent[]
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return { files, bytes }
  }
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      const inner = directorySize(path)
      files += inner.files
      bytes += inner.bytes
    } else if (entry.isFile()) {
      files++
      bytes += statSync(path).size
    }
  }
  return { files, bytes }
}

/** The read side of a project: what a read-only open hands out. */
export interface ReadonlyProject {
  verify(): Promise<VerifyReport>
  readonly dir: string
  readonly name: string
  readonly runs: { get(id: string): RunView; list(): RunSummary[] }
  fetchRunsTable(options?: RunsTableOptions): RunsTable
  stats(): ProjectStats
  readonly models: Models
  readonly experiments: Experiments
  /** PRAGMA data_version: changes when another connection commits. */
  dataVersion(): number
  /** Runs and fields updated (and runs created) after `ms`; see changes.ts. */
  changesSince(ms: number): Changes
  fieldColumns(): FieldColumn[]
  objectUses(hash: string): ObjectUse[]
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
export class Project implements ReadonlyProject, ContainerHost {
  readonly dir: string
  readonly name: string
  /** The run id prefix (DEMO in DEMO-1). */
  readonly key: string
  readonly runs: {
    /** A read-only view of run `id`. */
    get(id: string): RunView
    /** Opens run `id` for writing again (in this or another process). */
    resume(id: string, options?: CaptureOptions): Run
    /** Every run, oldest first. */
    list(): RunSummary[]
  }
  /** Models that belong to no experiment (MLTracker's Models; Neptune's Model). */
  readonly models: Models
  /** Named groups of runs and models. */
  readonly experiments: Experiments
  /** @internal The open project.db; models and experiments query through it. */
  readonly database: Database
  private readonly options: ResolvedOptions
  private readonly open = new Set<Run>()
  private readonly objects: ObjectStore

  constructor(dir: string, options: ProjectOptions = {}) {
    this.options = resolveOptions(options)
    this.dir = resolve(dir)
    this.objects = openObjectStore(this.dir)
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
      get: (id) => new RunView(this.database, this.dir, this.identity(id), this.options.onWarning, this.objects),
      resume: (id, options = {}) => this.resume(this.identity(id), options),
      list: () => this.database.read(listRuns),
    }
    this.models = new Models(this, '')
    this.experiments = new Experiments(this)
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
   * With `forkFrom` the new run branches from another at a step; with `experiment` it joins that group.
   */
  startRun(options: StartRunOptions = {}): Run {
    this.assertWritable()
    rejectUnknownKeys(options, START_RUN_KEYS, 'startRun options')
    const customRunId = checkCustomRunId(options.customRunId)
    const capture = resolveCapture(options) // bad capture options fail before a run exists
    if (options.forkFrom) this.flushOpenRuns() // a parent open in this process forks with all it logged
    const now = Date.now()
    const { identity, created } = this.database.write((db) => {
      const existing = customRunId === undefined ? undefined : findRun(db, { customRunId })
      if (existing) return { identity: existing, created: false }
      const parent = options.forkFrom ? this.forkParent(db, options.forkFrom) : undefined
      const run = insertContainer(db, 'run', (n) => `${this.key}-${n}`, customRunId, now)
      const sys: SysAtom[] = [
        ['sys/id', 'String', run.id],
        ['sys/uuid', 'String', run.uuid],
        ['sys/name', 'String', options.name ?? 'Untitled'],
        ['sys/description', 'String', options.description ?? ''],
        ['sys/creation_time', 'Datetime', new Date(now)],
        ['sys/owner', 'String', ownerName()],
        ['sys/hostname', 'String', hostname()],
        ['sys/failed', 'Boolean', false],
      ]
      if (customRunId !== undefined) sys.push(['sys/custom_run_id', 'String', customRunId])
      if (options.experiment !== undefined) {
        joinExperiment(db, run.rowId, ensureExperiment(db, options.experiment, now).id)
        sys.push(['sys/experiment', 'String', options.experiment])
      }
      writeSysAtoms(db, run.rowId, sys, now)
      editStringSet(db, run.rowId, 'sys/tags', () => {}, now)
      if (parent && options.forkFrom) {
        forkRun(db, parent.rowId, parent.id, options.forkFrom.step, run.rowId, now)
        const depth = lineageOf(db, run.rowId).depth
        writeSysAtoms(db, run.rowId, [['sys/forking/parent', 'String', parent.id], ['sys/forking/step', 'Float', options.forkFrom.step], ['sys/forking/depth', 'Integer', BigInt(depth)]], now)
      }
      insertEvent(db, run.rowId, parent ? 'forked' : 'started', parent ? { parent: parent.id, step: options.forkFrom?.step } : null, now)
      return { identity: run, created: true }
    })
    if (!created) this.database.write((db) => insertEvent(db, identity.rowId, 'resumed', { customRunId }, now))
    return this.startSession(identity, options, capture)
  }

  private forkParent(db: Db, forkFrom: { run: string; step: number }): RunIdentity {
    const parent = typeof forkFrom.run === 'string' ? findRun(db, { id: forkFrom.run }) : undefined
    if (!parent) {
      throw new NotFoundError('FORK_PARENT_NOT_FOUND', `cannot fork from '${String(forkFrom.run)}': no such run in project ${this.name}`, {
        hint: "Pass the parent's id, like forkFrom: { run: 'DEMO-1', step: 500 }.",
      })
    }
    return parent
  }

  private resume(identity: RunIdentity, options: CaptureOptions): Run {
    this.assertWritable()
    rejectUnknownKeys(options, CAPTURE_OPTION_KEYS, 'resume options')
    const capture = resolveCapture(options)
    this.database.write((db) => insertEvent(db, identity.rowId, 'resumed', null))
    return this.startSession(identity, options, capture)
  }

  /** Opens a run for writing in this process: heartbeat, tags/name updates, capture. */
  private startSession(identity: RunIdentity, options: StartRunOptions, capture: CaptureSettings): Run {
    const lifecycle = this.database.read((db) => ({
      heartbeat: true,
      floorStep: lineageOf(db, identity.rowId).step ?? -Infinity,
      runningTimeBase: getField(db, identity.rowId, 'sys/running_time')?.num ?? 0,
    }))
    const monitoring = `monitoring/${monitoringId()}`
    const run = this.openWriter(identity, lifecycle, monitoring)
    const writer = run.writer()
    writer.assignAtom('sys/state', 'String', encodeAtom('String', 'running'), true)
    if (options.tags?.length) run.tags.add(options.tags)
    if (options.name !== undefined) run.assign('sys/name', options.name)
    if (options.description !== undefined) run.assign('sys/description', options.description)
    run.flush()
    run.attachCapture(
      startCapture(
        {
          assign: (path, value) => run.assign(path, value),
          log: (values) => run.log(values),
          appendLine: (path, line) => writer.appendString(path, line, undefined, Date.now()),
          markFailed: (error) => run.fail(error),
          warn: (code, message) => this.options.onWarning({ code, message }),
        },
        capture,
        monitoring.slice('monitoring/'.length),
      ),
    )
    return run
  }

  private openWriter(identity: RunIdentity, lifecycle: WriterLifecycle, monitoringNamespace?: string): Run {
    this.assertWritable()
    const rows = this.database.read((db) => listFields(db, identity.rowId))
    const writer = new RunWriter(this.database, identity.rowId, this.options, rows, lifecycle)
    const run = new Run({
      database: this.database,
      projectDir: this.dir,
      identity,
      writer,
      onClose: (r) => this.open.delete(r),
      monitoringNamespace,
      lifecycle: lifecycle.heartbeat ?? false,
      onWarning: this.options.onWarning,
      objects: this.objects,
    })
    this.open.add(run)
    return run
  }

  /** @internal Opens a model or model version for writing (ContainerHost). */
  openContainer(identity: RunIdentity): Run {
    return this.openWriter(identity, {})
  }

  /** Counts of runs (by state, stale, failed), models, experiments, fields, points, files and bytes. */
  stats(): ProjectStats {
    this.flushOpenRunsIfWritable()
    const counts = this.database.read((db) => {
      const runs = listRuns(db)
      const totals = db.get<{ fields: number; points: number; files: number; models: number; versions: number; experiments: number }>(sql`
        SELECT count(*) AS fields,
          coalesce(sum(CASE WHEN type IN ('FloatSeries', 'StringSeries', 'FileSeries') THEN count END), 0) AS points,
          coalesce(sum(CASE WHEN type IN ('File', 'FileSet', 'FileSeries', 'Artifact') THEN 1 END), 0) AS files,
          (SELECT count(*) FROM runs WHERE kind = 'model') AS models,
          (SELECT count(*) FROM runs WHERE kind = 'model_version') AS versions,
          (SELECT count(*) FROM experiments) AS experiments
        FROM fields`)
      return { runs, totals }
    })
    const runsByState: Record<string, number> = {}
    for (const run of counts.runs) runsByState[run.state] = (runsByState[run.state] ?? 0) + 1
    let dbBytes = 0
    for (const suffix of ['', '-wal']) {
      try {
        dbBytes += statSync(this.database.file + suffix).size
      } catch {
        // no WAL file right now
      }
    }
    const objects = directorySize(join(this.dir, 'objects', 'sha256'))
    return {
      runs: counts.runs.length,
      runsByState,
      staleRuns: counts.runs.filter((r) => r.stale).length,
      failedRuns: counts.runs.filter((r) => r.failed).length,
      models: counts.totals?.models ?? 0,
      modelVersions: counts.totals?.versions ?? 0,
      experiments: counts.totals?.experiments ?? 0,
      fields: counts.totals?.fields ?? 0,
      seriesPoints: counts.totals?.points ?? 0,
      fileFields: counts.totals?.files ?? 0,
      objects: objects.files,
      objectBytes: objects.bytes,
      dbBytes,
    }
  }

  private flushOpenRunsIfWritable(): void {
    if (!this.options.readonly) this.flushOpenRuns()
  }

  /** The runs as a table: NQL filter, columns, sort and paging (see docs/api.md). */
  fetchRunsTable(options: RunsTableOptions = {}): RunsTable {
    this.flushOpenRuns()
    return fetchRunsTable(this.database, options, 'run')
  }

  /** Removes objects no field refers to, older than `graceMs` (default one day); `dryRun` only lists them. */
  async gc(options: GcOptions = {}): Promise<GcReport> {
    this.assertWritable()
    this.flushOpenRuns()
    return gcProject(this.database, this.dir, options, this.objects)
  }

  /** Re-hashes every object and checks every file reference; `report.ok` is false on any damage. */
  async verify(): Promise<VerifyReport> {
    this.flushOpenRuns()
    return verifyProject(this.database, this.dir, this.objects)
  }

  /** The models as a table, like fetchRunsTable (columns such as sys/id, sys/name, fields of the models). */
  fetchModelsTable(options: RunsTableOptions = {}): RunsTable {
    this.flushOpenRuns()
    return fetchRunsTable(this.database, options, 'model')
  }

  /** @internal Flushes every open run and container (ContainerHost). */
  flushOpenContainers(): void {
    this.flushOpenRuns()
  }

  private flushOpenRuns(): void {
    for (const run of this.open) run.flush()
  }

  dataVersion = (): number => this.database.dataVersion()
  changesSince = (ms: number): Changes => this.database.read((db) => changesSince(db, ms))
  fieldColumns = (): FieldColumn[] => this.database.read(fieldColumns)
  objectUses = (hash: string): ObjectUse[] => this.database.read((db) => objectUses(db, hash))

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

