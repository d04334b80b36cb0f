/**
 * A run open for writing: typed fields, series and tags, buffered in memory and flushed in one transaction
 * per `flushMs`. Obtained from `project.startRun()`.
 *
 * @example
 * const run = project.startRun({ name: 'baseline', tags: ['mlp'] })
 * run.assign('parameters', { lr: 0.01, optimizer: 'adam' })
 * for (let step = 0; step < 100; step++) run.log({ 'train/loss': loss(step) }, { step })
 * run.close()
 */
import type { Database } from './driver/database.js'
import { assignValues } from './fields/assign.js'
import { encodeAtom } from './fields/atom-codec.js'
import { toMs } from './fields/time.js'
import { encodeHistogram, toHistogram, type HistogramInput } from './fields/histogram.js'
import { insertEvent, WritableEventLog } from './runs/events.js'
import { onProcessEnd } from './runs/exit-hooks.js'
import { Field, type AppendOptions } from './field.js'
import { containerSize } from './runs/store.js'
import { RunView, type RunIdentity } from './run-view.js'
import type { RunContext } from './runs/context.js'
import type { RunWriter } from './runs/writer.js'
import type { WarningHandler } from './warnings.js'
import type { ObjectStore } from './objects/store.js'
import type { FileInput } from './files/source.js'
import { checkDict, readDict } from './fields/validate-dict.js'
import { checkAppendOptions, NO_OPTIONS } from './fields/call-options.js'
import { checkpoint, type Checkpoint, type CheckpointOptions } from './files/checkpoints.js'

/** Values `log()` takes: numbers go to FloatSeries, strings to StringSeries, histograms to HistogramSeries. */
export type LogValues = Readonly<Record<string, number | bigint | string | HistogramInput>>

/** What a Run is made of (internal: Project builds it). */
export interface RunParts {
  database: Database
  projectDir: string
  identity: RunIdentity
  writer: RunWriter
  onClose: (run: Run) => void
  monitoringNamespace?: string
  /** Keep sys/state, sys/size and the closed event (runs); false for model containers. */
  lifecycle?: boolean
  onWarning?: WarningHandler
  objects?: ObjectStore
}

/** A run that can be written. */
export class Run extends RunView {
  readonly #run: RunContext
  readonly #writer: RunWriter
  readonly #unregister: () => void
  readonly #onClose: (run: Run) => void
  #stopCapture: () => void = () => {}
  readonly #captureWork: Promise<unknown>[] = []
  /** The run's event log; `append(type, payload)` adds an event. */
  override readonly events: WritableEventLog
  /** This process's monitoring namespace, like 'monitoring/3f9c0a1b'. */
  readonly monitoringNamespace: string

  readonly #lifecycle: boolean

  /** Created by Project.startRun (and for model containers); not meant to be called directly. */
  constructor(parts: RunParts) {
    const writer = parts.writer
    const context: RunContext = {
      database: parts.database,
      projectDir: parts.projectDir,
      rowId: parts.identity.rowId,
      onWarning: parts.onWarning,
      objects: parts.objects,
      sync: () => {
        if (!writer.isClosed) writer.flush()
      },
      writer: () => writer,
    }
    super(parts, context)
    this.#run = context
    this.#writer = writer
    this.#onClose = parts.onClose
    this.events = new WritableEventLog(parts.database, parts.identity.rowId, () => writer.assertOpen())
    this.monitoringNamespace = parts.monitoringNamespace ?? 'monitoring/local'
    this.#lifecycle = parts.lifecycle ?? true
    this.#unregister = onProcessEnd(() => this.close())
  }

  /**
   * Saves `input` (a path or bytes) as checkpoint `name` with its step and metrics under a keep policy:
   * `await run.checkpoint('weights', 'w.pt', { step, metrics: { 'val/loss': 0.3 }, keep: 'lowest', metric: 'val/loss' })`.
   */
  checkpoint(name: string, input: FileInput, options?: CheckpointOptions): Promise<Checkpoint> {
    return checkpoint(this.#run, name, input, options)
  }

  /** Hands the run the function that stops its capture (called by Project.startRun). */
  attachCapture(stop: () => void): void {
    this.#stopCapture = stop
  }

  /** Remembers background capture work (the sourceFiles upload) for captured(). */
  trackCapture(work: Promise<unknown>): void {
    this.#captureWork.push(work)
  }

  /**
   * Resolves when the capture's background work is stored: the contents of the `sourceFiles` files,
   * uploaded into the FileSet source_code/files. Await it before close() in a short script.
   */
  async captured(): Promise<void> {
    await Promise.all(this.#captureWork)
  }

  /** A handle on the field at `path` (created by its first write). */
  override field(path: string): Field {
    return new Field(this.#run, path)
  }

  /** sys/tags, a StringSet: `run.tags.add('x')`, `run.tags.remove('y')`, `run.tags.fetch()`. */
  get tags(): Field {
    return this.field('sys/tags')
  }

  /** sys/group_tags, the second tag set (Neptune's group tags): `run.groupTags.add('ablation')`. */
  get groupTags(): Field {
    return this.field('sys/group_tags')
  }

  /**
   * Assigns atoms: `assign('parameters', { lr: 0.01 })`, `assign('config/activation', 'ELU')`, or
   * `assign({ parameters: { lr: 0.01 } })` at the root. Nested objects fan out into fields; arrays of
   * strings become StringSets. Every value is checked before any is written.
   */
  assign(pathOrValues: string | Readonly<Record<string, unknown>>, value?: unknown): void {
    if (typeof pathOrValues === 'string') assignValues(this.#writer, pathOrValues, value)
    else assignValues(this.#writer, '', pathOrValues)
  }

  /**
   * Appends one point to each series named in `values`, all at the same step and time: numbers to
   * FloatSeries, strings to StringSeries. Without a step each series takes its last step + 1.
   */
  log(values: LogValues, options: AppendOptions = NO_OPTIONS): void {
    const writer = this.#writer
    if (options !== NO_OPTIONS) checkAppendOptions(options, 'log()')
    const step = options.step
    const time = options.timestamp === undefined ? Date.now() : toMs(options.timestamp, 'log()')
    const dict = readDict(values) // each value read once
    if (writer.logRow(dict.paths, dict.values, step, time)) return // the last dict's all-number keys: one row
    const { paths, values: checked } = checkDict(writer, dict, step) // the whole dict before any is buffered
    let slot = 0 // a number's position among the dict's numbers: the writer keeps the last dict's shape
    let numbers = true
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i]!
      const value = checked[i]
      if (typeof value === 'number') {
        writer.appendFloat(path, value, step, time, slot++)
        continue
      }
      numbers = false
      if (typeof value === 'string') writer.appendString(path, value, step, time)
      else if (typeof value === 'bigint')
        writer.appendFloat(path, Number(value), step, time, slot++) // checked exact
      else {
        // the one object checkDict lets through is a histogram, already checked
        const text = encodeHistogram(toHistogram(path, value as HistogramInput))
        writer.appendString(path, text, step, time, 'HistogramSeries')
      }
    }
    if (numbers && paths.length === checked.length) writer.loggedNumbers(paths)
  }

  /** Deletes the field or namespace at `path` with its points. */
  delete(path: string): void {
    this.field(path).delete()
  }

  /** Points dropped so far because their step was not increasing, per field. */
  dropped(): Record<string, number> {
    return this.#writer.dropped()
  }

  /** Writes everything buffered now; after it returns, the data survives the process being killed. */
  flush(): void {
    this.#writer.flush()
  }

  /**
   * Marks the run failed: sys/failed = true, the error and its stack appended to
   * monitoring/<id>/traceback, a 'failed' event, and a flush. Nereid calls it for an uncaught exception;
   * call it yourself for an error you catch and do not rethrow.
   */
  fail(error: unknown): void {
    this.#writer.assertOpen() // like every write on a closed run
    const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error)
    this.#writer.assignAtom('sys/failed', 'Boolean', encodeAtom('Boolean', true), true)
    this.#writer.appendString(`${this.monitoringNamespace}/traceback`, text, undefined, Date.now())
    this.#writer.flush()
    this.events.append('failed', { error: error instanceof Error ? error.message : String(error) })
  }

  /** Stops capture, marks the run idle, records its size, flushes and stops writing. Safe to call twice. */
  close(): void {
    if (this.#writer.isClosed) return
    this.#stopCapture()
    if (this.#lifecycle) {
      this.#writer.flush()
      const size = this.#run.database.read((db) => containerSize(db, this.#run.rowId))
      this.#writer.assignAtom('sys/size', 'Integer', encodeAtom('Integer', BigInt(size)), true)
      this.#writer.assignAtom('sys/state', 'String', encodeAtom('String', 'idle'), true)
    }
    this.#writer.close()
    this.#unregister()
    if (this.#lifecycle) this.#run.database.write((db) => insertEvent(db, this.#run.rowId, 'closed', null))
    this.#onClose(this)
  }
}
