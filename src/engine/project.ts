/**
 * A project open for reading and writing: it starts runs, resumes them, holds models and experiments,
 * and collects garbage in its object store. Everything a ReadonlyProject reads, it reads too.
 *
 * @example
 * const project = openProject('.nereid/demo')
 * const run = project.startRun({ name: 'baseline', customRunId: 'job-42' })
 * project.runs.list()          // [{ id: 'DEMO-1', name: 'baseline', state: 'running', … }]
 * project.close()
 */
import { InvalidValueError } from './errors.js'
import type { ContainerHost } from './models/container-host.js'
import { ensureProjectContainer, ProjectContainer } from './models/project-container.js'
import type { Field } from './field.js'
import { Experiments } from './models/experiments.js'
import { Models } from './models/models.js'
import type { GcOptions, GcReport, VerifyReport } from './objects/store.js'
import { recordedGc, recordedVerify } from './operations/recorded.js'
import { runOperation, type OperationContext, type OperationOptions } from './operations/run-operation.js'
import { rejectUnknownKeys, resolveOptions, type ProjectOptions } from './options.js'
import { exportProject, type ExportOptions, type ExportReport } from './sharing/export.js'
import { importProject, type ImportOptions, type ImportReport } from './sharing/import.js'
import { openProjectCore, type ProjectCore } from './project-core.js'
import { ReadonlyProject } from './readonly-project.js'
import type { Run } from './run.js'
import { openWriter, startSession } from './run-session.js'
import type { RunView } from './run-view.js'
import { createRun } from './runs/create.js'
import { checkProjectDir } from './project-dir.js'
import { checkStartValues, resolveFlushMode } from './runs/start-options.js'
import { importRunRow, type ImportRunOptions } from './runs/import-run.js'
import { insertEvent } from './runs/events.js'
import type { RunIdentity, RunSummary } from './runs/store.js'
import { CAPTURE_OPTION_KEYS, resolveCapture, type CaptureOptions } from './capture/capture-options.js'
import { oplogCursors, type OplogCursors } from './oplog/cursors.js'
import { recordedMerge, type MergeOptions } from './oplog/merge/recorded-merge.js'
import type { MergeReport } from './oplog/merge/report.js'
import { chooseMode } from './oplog/mode.js'
import { OplogProject } from './oplog/oplog-project.js'

export { PROJECT_DB } from './project-core.js'
export type { ProjectStats } from './readonly-project.js'

/** Options of `startRun`: identity, grouping, forking and capture. */
export interface StartRunOptions extends CaptureOptions {
  /** sys/name (default 'Untitled'). */
  name?: string
  /** sys/description (default ''). */
  description?: string
  /** Added to sys/tags. */
  tags?: readonly string[]
  /** Added to sys/group_tags (the second tag set). */
  groupTags?: readonly string[]
  /** Your own id: starting a run with a custom run id that exists resumes that run (DDP ranks, retries). Default: $NEREID_CUSTOM_RUN_ID. */
  customRunId?: string
  /** Puts the run in this experiment (created when missing); sys/experiment. */
  experiment?: string
  /** Branches from a run at a step: its series read as the parent's up to that step, then the new run's. */
  forkFrom?: { run: string; step: number }
  /**
   * 'worker' encodes, writes and commits each flush in a worker thread with its own connection, so the
   * training loop only copies points into buffers; 'inline' (default: $NEREID_FLUSH, else 'inline')
   * flushes on the calling thread. See docs/api.md.
   */
  flush?: 'inline' | 'worker'
}

const START_RUN_KEYS = [
  'name',
  'description',
  'tags',
  'groupTags',
  'customRunId',
  'experiment',
  'forkFrom',
  'flush',
  ...CAPTURE_OPTION_KEYS,
]

function checkCustomRunId(value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > 128 ||
    /[\u0000-\u001f/]/.test(value)
  ) {
    throw new InvalidValueError(
      'INVALID_CUSTOM_RUN_ID',
      `customRunId must be 1 to 128 characters without '/' or control characters, got ${JSON.stringify(value)}`,
      {
        hint: 'Use something like the job id: customRunId: process.env.SLURM_JOB_ID.',
      },
    )
  }
  return value
}

/** A project open for reading and writing. */
export class Project extends ReadonlyProject {
  /** The run id prefix (DEMO in DEMO-1). */
  readonly key: string
  /**
   * 'db' here. `openProject(dir)` is typed Project, but NEREID_MODE=oplog or a network file system makes
   * it an OplogProject, whose `mode` is 'oplog' (its reads throw OPLOG_MODE_READ): check it when it matters.
   */
  readonly mode: 'db' | 'oplog' = 'db'
  declare readonly runs: {
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
  /** Where the merge of each writer's oplog stands (project.merge() moves them; docs/oplog.md). */
  readonly oplogCursors: OplogCursors
  readonly #core: ProjectCore
  readonly #host: ContainerHost
  #fields: ProjectContainer | undefined

  /** Made by openProject(); not meant to be called directly. */
  constructor(core: ProjectCore) {
    super(core)
    this.#core = core
    this.key = core.key
    this.runs = { ...this.runs, resume: (id, options = {}) => this.#resume(core.identity(id), options) }
    const host: ContainerHost = {
      database: core.database,
      key: core.key,
      openContainer: (identity) => openWriter(core, identity, {}),
      flushOpenContainers: () => core.flushOpenRuns(),
    }
    this.models = new Models(host, '')
    this.experiments = new Experiments(host)
    this.#host = host
    this.oplogCursors = oplogCursors(core)
  }

  /**
   * Starts a run, or resumes the run with the same `customRunId` if one exists (in this or any process).
   * With `forkFrom` the new run branches from another at a step; with `experiment` it joins that group.
   */
  startRun(options: StartRunOptions = {}): Run {
    const core = this.#core
    rejectUnknownKeys(options, START_RUN_KEYS, 'startRun options')
    // as Neptune's NEPTUNE_CUSTOM_RUN_ID: every rank of a job started with it logs into one run
    const fromEnv = process.env.NEREID_CUSTOM_RUN_ID
    const customRunId = checkCustomRunId(options.customRunId ?? (fromEnv === '' ? undefined : fromEnv))
    checkStartValues(options) // a bad name or tag fails before a run exists
    const flush = resolveFlushMode(options.flush)
    const capture = resolveCapture(options) // bad capture options fail before a run exists
    if (options.forkFrom) core.flushOpenRuns() // a parent open in this process forks with all it logged
    const now = Date.now()
    const spec = { key: core.key, project: core.name, ...options, customRunId }
    const { identity, created } = core.database.write((db) => createRun(db, spec, now))
    if (!created)
      core.database.write((db) => insertEvent(db, identity.rowId, 'resumed', { customRunId }, now))
    return startSession(core, identity, { ...options, flush }, capture)
  }

  #resume(identity: RunIdentity, options: CaptureOptions): Run {
    rejectUnknownKeys(options, CAPTURE_OPTION_KEYS, 'resume options')
    const capture = resolveCapture(options)
    this.#core.database.write((db) => insertEvent(db, identity.rowId, 'resumed', null))
    return startSession(this.#core, identity, { flush: resolveFlushMode(undefined) }, capture)
  }

  #projectFields(): ProjectContainer {
    if (!this.#fields) {
      const core = this.#core
      const identity = core.database.write((db) => ensureProjectContainer(db, core.key, Date.now()))
      this.#fields = new ProjectContainer(this.#host, identity)
    }
    return this.#fields
  }

  /**
   * A field of the project itself (Neptune's `init_project`): atoms, sets, series and files, written and
   * read like a run's. `project.field('general/brief').assign('…')`.
   */
  field(path: string): Field {
    return this.#projectFields().field(path)
  }

  /** Assigns project-level fields, as run.assign does: `project.assign('general', { brief: '…' })`. */
  assign(pathOrValues: string | Readonly<Record<string, unknown>>, value?: unknown): void {
    this.#projectFields().assign(pathOrValues, value)
  }

  /** A project-level field's value, or a namespace (or all of them) as a nested object. */
  fetch(path = ''): ReturnType<Run['fetch']> {
    return this.#projectFields().fetch(path)
  }

  /** Creates a run imported from another tracker, or finds it again by uuid (created: false); see runs/import-run.ts. */
  importRun(options: ImportRunOptions): { run: Run; created: boolean } {
    const core = this.#core
    core.flushOpenRuns()
    const found = core.database.write((db) => importRunRow(db, core.key, options, Date.now()))
    return {
      run: openWriter(core, found.identity, { floorStep: found.floorStep }).run,
      created: found.created,
    }
  }

  /** Removes objects no field refers to, older than `graceMs` (default one day); `dryRun` only lists them. Recorded as an operation. */
  gc(options: GcOptions & OperationOptions = {}): Promise<GcReport> {
    return recordedGc(this.#core, options)
  }

  /** Re-hashes every object and checks every reference, recorded as an operation; `signal` cancels it. */
  override verify(options: OperationOptions = {}): Promise<VerifyReport> {
    return recordedVerify(this.#core, options)
  }

  /**
   * Applies the oplog files in inbox/ (docs/oplog.md): every complete line not applied before, exactly
   * once, even with writers appending and other merges running; bad lines are skipped and reported; fully
   * merged files of ended writers move to inbox/merged/. Recorded as an operation of kind 'oplog-merge'.
   */
  merge(options: MergeOptions = {}): Promise<MergeReport> {
    const host = {
      dir: this.#core.dir,
      cursors: this.oplogCursors,
      importRun: (o: ImportRunOptions) => this.importRun(o),
    }
    return recordedMerge(this.#core, host, options)
  }

  /** Writes a consistent copy of the project, or of chosen runs, to `out` while writers keep logging; see sharing/export.ts. */
  export(out: string, options: ExportOptions = {}): Promise<ExportReport> {
    return exportProject(this.#core, out, options)
  }

  /**
   * Runs `work` as a recorded operation of `kind` (listed by operations.list()): queued, running, then
   * finished, errored or cancelled (when `signal` fires and `work` calls `ctx.check()`), with the progress
   * it reports through `ctx.progress(done, total)`. For layers above the engine (importers).
   */
  recordOperation<T>(
    kind: string,
    options: OperationOptions,
    work: (ctx: OperationContext) => Promise<T>,
    reportOf?: (result: T) => unknown,
  ): Promise<T> {
    return runOperation(this.#core.database, kind, options, work, reportOf)
  }

  /** Merges a project directory or an exported .tar into this project by run uuid, idempotently; see sharing/import.ts. */
  import(src: string, options: ImportOptions = {}): Promise<ImportReport> {
    return importProject(this.#core, src, options)
  }
}

/**
 * Opens the project in directory `dir`, creating the directory and project.db when missing (unless
 * `readonly`, which returns a ReadonlyProject: no method of it writes). A project written by a newer
 * Nereid is refused without being changed.
 */
export function openProject(dir: string, options: ProjectOptions & { readonly: true }): ReadonlyProject
export function openProject(dir: string, options: ProjectOptions & { mode: 'oplog' }): OplogProject
export function openProject(dir: string, options?: ProjectOptions & { readonly?: false }): Project
export function openProject(dir: string, options?: ProjectOptions): Project | ReadonlyProject
export function openProject(
  dir: string,
  options: ProjectOptions = {},
): Project | ReadonlyProject | OplogProject {
  checkProjectDir(dir)
  const resolved = resolveOptions(options)
  // oplog mode (docs/oplog.md) never opens project.db; NEREID_MODE or a network file system selects it too
  if (!resolved.readonly && chooseMode(dir, resolved.mode) === 'oplog') return new OplogProject(dir, resolved)
  const core = openProjectCore(dir, resolved)
  return resolved.readonly ? new ReadonlyProject(core) : new Project(core)
}
