/**
 * A run open for writing in oplog mode: the write API of Run (assign, log, field().append/extend,
 * tags, files, flush, close, fail), each write checked (paths, value types, a field's type fixed by its
 * first write) and buffered, then written as operations to the process's inbox file. Reads throw
 * OPLOG_MODE_READ: nothing of project.db is open here.
 *
 * @example
 * const run = openProject(dir, { mode: 'oplog' }).startRun({ name: 'rank-3', customRunId: 'job-42' })
 * run.assign('parameters', { lr: 0.01 })
 * run.log({ 'train/loss': 0.25 }, { step: 0 })
 * run.close()
 */
import { InvalidValueError, StepOrderError } from '../errors.js'
import { fieldTypeConflict } from '../fields/errors.js'
import { checkPath } from '../fields/paths.js'
import { castAtom } from '../fields/atom-codec.js'
import { isHistogramLike, toHistogram } from '../fields/histogram.js'
import { toMs } from '../fields/time.js'
import { isAtom, type AtomType, type FieldType } from '../fields/types.js'
import { flatten, typeOfValue } from '../fields/values.js'
import type { AppendOptions } from '../field.js'
import type { LogValues } from '../run.js'
import { onProcessEnd } from '../runs/exit-hooks.js'
import { oplogModeRead } from './errors.js'
import { encodeAtomValue, type OplogOp } from './format.js'
import type { OplogFieldHost, OplogSink } from './sink.js'
import { OplogField } from './oplog-field.js'
import { refuseMembers } from './refuse.js'
import { SeriesBatch, type PointValue } from './series-batch.js'

const SERIES_TYPE = {
  floats: 'FloatSeries',
  strings: 'StringSeries',
  histograms: 'HistogramSeries',
} as const

/** A run written to an oplog. */
export class OplogRun implements OplogFieldHost {
  readonly #sink: OplogSink
  readonly #types = new Map<string, FieldType>()
  readonly #series = new Map<string, SeriesBatch>()
  readonly #unregister: () => void
  #closed = false
  /** Where fail() writes the traceback (no per-process capture in oplog mode). */
  readonly monitoringNamespace = 'monitoring'

  /** Made by OplogProject.startRun; not meant to be called directly. */
  constructor(
    sink: OplogSink,
    /** The run's sys/uuid (from the custom run id when there is one, so every writer of it agrees). */
    readonly uuid: string,
    readonly customRunId: string | null,
  ) {
    this.#sink = sink
    this.#unregister = onProcessEnd(() => this.close())
  }

  /** The short id (DEMO-1) is given by the merge; an oplog-mode process does not know it. */
  get id(): never {
    throw oplogModeRead('run.id')
  }

  /** What JSON.stringify(run) writes: the uuid and custom run id (the short id is the merge's). */
  toJSON(): { uuid: string; customRunId: string | null } {
    return { uuid: this.uuid, customRunId: this.customRunId }
  }

  #open(): void {
    if (this.#closed) {
      throw new InvalidValueError('RUN_CLOSED', 'the run is closed', {
        hint: 'Start it again with startRun({ customRunId }) to write more.',
      })
    }
  }

  /** Claims `path` for `type`, throwing FIELD_TYPE_CONFLICT when it already holds another type. */
  claim(path: string, type: FieldType): void {
    this.#open()
    const existing = this.#types.get(path)
    if (existing !== undefined && existing !== type) {
      throw fieldTypeConflict(
        `'${path}' is a ${existing} field; cannot write a ${type} to it`,
        "A field's type is fixed by its first write: write the same type, or use another path.",
      )
    }
    this.#types.set(path, type)
  }

  /** Same as Run.assign: a value at a path, or nested objects fanned out into fields. */
  assign(pathOrValues: string | Readonly<Record<string, unknown>>, value?: unknown): void {
    const pairs = typeof pathOrValues === 'string' ? flatten(pathOrValues, value) : flatten('', pathOrValues)
    const writes = pairs.map(([path, v]) => {
      checkPath(path, 'write')
      const inferred = typeOfValue(path, v)
      const existing = this.#types.get(path)
      if (inferred === 'StringSet' || existing === undefined || !isAtom(existing)) {
        if (existing !== undefined && existing !== inferred) this.claim(path, inferred) // throws the conflict
        return {
          path,
          type: inferred,
          value: inferred === 'StringSet' ? v : encodeAtomValue(inferred, castAtom(path, inferred, v)),
        }
      }
      return { path, type: existing, value: encodeAtomValue(existing, castAtom(path, existing, v)) } // 12 into an Integer field
    })
    for (const w of writes) {
      this.claim(w.path, w.type)
      this.#sink.push({
        op: 'assign',
        run: this.uuid,
        path: w.path,
        type: w.type as AtomType | 'StringSet',
        value: w.value,
      })
    }
  }

  /** Same as Run.log: numbers to FloatSeries, strings to StringSeries, histograms to HistogramSeries, all at one step and time. */
  log(values: LogValues, options: AppendOptions = {}): void {
    const time = options.timestamp === undefined ? Date.now() : toMs(options.timestamp, 'log()')
    let count = 0
    for (const path in values) {
      const value = values[path]
      if (typeof value === 'string') count += this.appendPoint(path, value, options.step, time)
      else if (typeof value === 'number' || typeof value === 'bigint')
        count += this.appendPoint(path, Number(value), options.step, time)
      else if (isHistogramLike(value))
        count += this.appendPoint(path, toHistogram(path, value), options.step, time)
      else
        throw new InvalidValueError('INVALID_VALUE', `log() cannot store ${typeof value} at '${path}'`, {
          hint: 'log() takes numbers, strings and histograms ({ edges, values }); use assign() for other values.',
        })
    }
    this.#sink.buffered(count)
  }

  /** Buffers one point; returns 1 if kept, 0 if dropped for its step (internal: OplogField calls it). */
  appendPoint(path: string, value: PointValue, step: number | undefined, time: number): number {
    checkPath(path, 'write')
    const kind = typeof value === 'number' ? 'floats' : typeof value === 'string' ? 'strings' : 'histograms'
    this.claim(path, SERIES_TYPE[kind])
    let batch = this.#series.get(path)
    if (!batch) this.#series.set(path, (batch = new SeriesBatch(kind)))
    if (batch.add(value, step, time)) return 1
    if (this.#sink.strict)
      throw new StepOrderError(
        'STEP_NOT_INCREASING',
        `step ${step} of '${path}' is not after the last step`,
        { hint: 'Log steps in increasing order.' },
      )
    this.#sink.onWarning({
      code: 'STEP_NOT_INCREASING',
      message: `dropped a point of '${path}' at step ${step}: not after the last step`,
      path,
    })
    return 0
  }

  /** A write handle on the field at `path`. */
  field(path: string): OplogField {
    return new OplogField(this, this.#sink, path)
  }

  /** sys/tags: `run.tags.add('x')`, `run.tags.remove('y')`. */
  get tags(): OplogField {
    return this.field('sys/tags')
  }

  /** sys/group_tags, the second tag set: `run.groupTags.add('ablation')`. */
  get groupTags(): OplogField {
    return this.field('sys/group_tags')
  }

  /** Writes an operation of this run (internal: OplogField calls it). */
  push(op: OplogOp): void {
    this.#open()
    this.#sink.push(op)
  }

  /** Moves buffered points into the sink as one line per series (internal: the project's flush). */
  drain(): void {
    for (const [path, batch] of this.#series) {
      const op = batch.take(this.uuid, path)
      if (op) this.#sink.push(op)
    }
  }

  /** Writes everything buffered to the inbox file and fsyncs it. */
  flush(): void {
    this.#sink.flush()
  }

  /** Records the failure (sys/failed stays for the merge to set) as a string point and flushes. */
  fail(error: unknown): void {
    if (this.#closed) return
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error)
    this.appendPoint(`${this.monitoringNamespace}/traceback`, text, undefined, Date.now())
    this.flush()
  }

  /** Writes a close operation and flushes; later writes throw RUN_CLOSED. Safe to call twice. */
  close(): void {
    if (this.#closed) return
    this.drain()
    this.#sink.push({ op: 'close', run: this.uuid })
    this.#closed = true
    this.#unregister()
    this.#sink.flush()
    this.#sink.onClose(this)
  }

  /** Reads need a merged project. */
  fetch(): never {
    throw oplogModeRead('run.fetch()')
  }
}

// every other member of Run fails with a typed error (see refuse.ts)
refuseMembers(OplogRun.prototype, () => 'run', {
  reads: ['events', 'checkpoints', 'lineage', 'isStale', 'structure', 'exists', 'fieldList'],
  unsupported: ['checkpoint', 'attachCapture', 'trackCapture', 'captured', 'delete', 'dropped'],
})
