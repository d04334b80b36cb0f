/**
 * A project opened in oplog mode (network and FUSE file systems, or `mode: 'oplog'`): `startRun` gives
 * runs that write to this process's own file in inbox/, never to project.db, which stays closed. Points
 * are buffered and written with an fsync every `flushMs`, when `maxBufferedPoints` are buffered, on
 * `flush()`, `close()` and when the process ends (the same exit hooks as the database writer). Blobs go to
 * objects/ as usual. Reads throw OPLOG_MODE_READ: `nereid merge` makes them possible.
 *
 * @example
 * const project = openProject('/lustre/p', { mode: 'oplog' })
 * const run = project.startRun({ customRunId: process.env.SLURM_JOB_ID })
 * run.log({ loss: 0.5 }, { step: 0 })
 * project.close()   // closes the run, fsyncs inbox/<host>-<pid>-<random>.oplog.jsonl
 */
import { hostname } from 'node:os'
import { basename, resolve } from 'node:path'
import { InvalidValueError, ReadOnlyError } from '../errors.js'
import { openObjectStore, type ObjectStore } from '../objects/store.js'
import { rejectUnknownKeys, type ResolvedOptions } from '../options.js'
import { onProcessEnd } from '../runs/exit-hooks.js'
import { oplogModeRead } from './errors.js'
import { InboxFile } from './inbox-file.js'
import { OplogRun } from './oplog-run.js'
import { oplogModeUnsupported, refuseMembers } from './refuse.js'
import type { OplogSink } from './sink.js'
import { oplogRunUuid } from './run-uuid.js'

const START_KEYS = ['name', 'description', 'tags', 'customRunId', 'experiment']

/** What startRun takes in oplog mode (capture is not written to oplogs yet). */
export interface OplogStartRunOptions {
  name?: string
  description?: string
  tags?: readonly string[]
  /** Every writer of the same custom run id writes to the same run (its uuid derives from it). */
  customRunId?: string
  experiment?: string
}

/** A project written through an oplog file. */
export class OplogProject {
  readonly dir: string
  readonly name: string
  /** Always 'oplog' (a Project is written to project.db). */
  readonly mode = 'oplog' as const
  /** Reads need a merged project; every one throws OPLOG_MODE_READ. */
  readonly runs = {
    get: (): never => {
      throw oplogModeRead('project.runs.get()')
    },
    list: (): never => {
      throw oplogModeRead('project.runs.list()')
    },
    resume: (): never => {
      throw oplogModeUnsupported('project.runs.resume(id)')
    },
  }
  readonly #file: InboxFile
  readonly #options: ResolvedOptions
  readonly #open = new Set<OplogRun>()
  readonly #timer: NodeJS.Timeout
  readonly #unregister: () => void
  #objects: ObjectStore | undefined
  #buffered = 0
  #closed = false

  /** Made by openProject in oplog mode; not meant to be called directly. */
  constructor(dir: string, options: ResolvedOptions) {
    this.dir = resolve(dir)
    this.name = basename(this.dir)
    this.#options = options
    this.#file = new InboxFile(this.dir)
    this.#timer = setInterval(() => this.#quietly('flush'), options.flushMs)
    this.#timer.unref()
    // the process ends: its runs and file are closed, so the merge can archive the file
    this.#unregister = onProcessEnd(() => this.#quietly('close'))
  }

  /** The file this process appends to (inbox/<host>-<pid>-<random>.oplog.jsonl; made on the first flush). */
  get oplogPath(): string {
    return this.#file.path
  }

  /** Starts a run; with a `customRunId` its uuid is derived from it, so a resume writes to the same run. */
  startRun(options: OplogStartRunOptions = {}): OplogRun {
    rejectUnknownKeys(options, START_KEYS, 'startRun options (oplog mode)')
    if (this.#closed) {
      throw new ReadOnlyError('PROJECT_CLOSED', `${this.#file.path} was closed`, {
        hint: 'Open the project again (openProject) to start more runs; it writes a new oplog file.',
      })
    }
    const custom = options.customRunId
    if (
      custom !== undefined &&
      (typeof custom !== 'string' ||
        custom.length === 0 ||
        custom.length > 128 ||
        /[\u0000-\u001f/]/.test(custom))
    ) {
      throw new InvalidValueError(
        'INVALID_CUSTOM_RUN_ID',
        `customRunId must be 1 to 128 characters without '/' or control characters, got ${JSON.stringify(custom)}`,
        {
          hint: 'Use something like the job id: customRunId: process.env.SLURM_JOB_ID.',
        },
      )
    }
    const uuid = oplogRunUuid(this.name, custom)
    const run = new OplogRun(this.#sink(), uuid, custom ?? null)
    const sys = {
      name: options.name,
      description: options.description,
      tags: options.tags ? [...options.tags] : undefined,
      customRunId: custom,
      hostname: hostname(),
      creationTime: Date.now(),
    }
    run.push({
      op: 'run',
      run: uuid,
      sys: JSON.parse(JSON.stringify(sys)) as typeof sys,
      ...(options.experiment === undefined ? {} : { experiment: options.experiment }),
    })
    this.#open.add(run)
    run.flush() // the run exists on disk from the start, as with the database
    return run
  }

  /** Writes what every open run buffered to the inbox file and fsyncs it. */
  flush(): void {
    for (const run of this.#open) run.drain()
    this.#buffered = 0
    this.#file.flush()
  }

  /** Closes every open run, then the file (its last line, `end`, lets a merge archive it). Safe to call twice. */
  close(): void {
    if (this.#closed) return
    for (const run of [...this.#open]) run.close()
    this.#closed = true
    clearInterval(this.#timer)
    this.#unregister()
    this.#file.close()
  }

  /** Merging needs the database: run `nereid merge` where project.db may be opened. */
  merge(): never {
    throw oplogModeRead('project.merge()')
  }

  /** Flushes (the timer) or closes (the process ending), turning a failure into an OPLOG_FLUSH_FAILED warning. */
  #quietly(how: 'flush' | 'close'): void {
    try {
      if (how === 'flush') this.flush()
      else this.close()
    } catch (error) {
      this.#options.onWarning({
        code: 'OPLOG_FLUSH_FAILED',
        message: `could not ${how === 'flush' ? 'write' : 'close'} ${this.#file.path}: ${String(error)}`,
      })
    }
  }

  #sink(): OplogSink {
    return {
      push: (op) => this.#file.push(op),
      buffered: (count) => {
        this.#buffered += count
        if (this.#buffered >= this.#options.maxBufferedPoints) this.flush()
      },
      flush: () => this.flush(),
      onWarning: this.#options.onWarning,
      strict: this.#options.strict,
      putObject: async (input) => {
        this.#objects ??= openObjectStore(this.dir)
        const put =
          typeof input === 'string' ? await this.#objects.putFile(input) : await this.#objects.putBytes(input)
        return put.hash
      },
      onClose: (run) => this.#open.delete(run as OplogRun),
    }
  }
}

// every other member of Project fails with a typed error (openProject(dir) is typed Project; see refuse.ts)
refuseMembers(OplogProject.prototype, () => 'project', {
  reads: [
    'key',
    'operations',
    'oplogCursors',
    'fetchRunsTable',
    'fetchModelsTable',
    'stats',
    'dataVersion',
    'changesSince',
    'fieldColumns',
    'objectUses',
    'listModels',
    'listModelVersions',
    'listExperiments',
    'verify',
    'diskUsage',
    'syncRows',
    'projectFields',
    'fetch',
  ],
  unsupported: [
    'models',
    'experiments',
    'importRun',
    'gc',
    'export',
    'import',
    'recordOperation',
    'field',
    'assign',
  ],
})
