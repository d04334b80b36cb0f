/**
 * The write side of one open run: it knows every field's type (to refuse a conflicting write at the call,
 * not at the flush), buffers points and atom writes in memory, and writes all of them in ONE transaction
 * per flush — every `flushMs`, when the buffer passes `maxBufferedPoints`, and on demand.
 *
 * @example
 * const writer = new RunWriter(database, runId, options, listFields(db, runId))
 * writer.appendFloat('metrics/acc', 0.9, undefined, Date.now())
 * writer.flush()
 */
import type { Database, Db } from '../driver/database.js'
import { isSeries, type FieldType } from '../fields/types.js'
import type { ResolvedOptions } from '../options.js'
import { encodeAtom, type AtomCells } from '../fields/atom-codec.js'
import { FieldTypeError, InvalidValueError, NereidError, ReadOnlyError, StepOrderError } from '../errors.js'
import { fieldTypeConflict, typeConflict } from '../fields/errors.js'
import { deleteFields, editStringSet, ensureField, writeAtom, type FieldRow } from '../fields/store.js'
import { checkPath, parentsOf } from '../fields/paths.js'
import { FloatBuffer, StringBuffer } from '../series/buffer.js'
import { appendFloatPoints } from '../series/float-store.js'
import { appendStringPoints } from '../series/string-store.js'

/** What the writer knows of one field. */
interface FieldState {
  type: FieldType
  /** Last step written or buffered; -Infinity for a series with no point. */
  lastStep: number
  /** Points dropped because their step was not increasing. */
  dropped: number
  floats?: FloatBuffer
  strings?: StringBuffer
}

type AtomOp =
  | { kind: 'atom'; path: string; type: FieldType; cells: AtomCells }
  | { kind: 'set'; path: string; edit: (set: Set<string>) => void }

/** What a writer does beyond buffering: a run's heartbeat, a fork's step floor. */
export interface WriterLifecycle {
  /** Write sys/ping_time and sys/running_time with every flush, and flush at least every HEARTBEAT_MS. */
  heartbeat?: boolean
  /** Seconds the run ran in earlier sessions (sys/running_time so far). */
  runningTimeBase?: number
  /** A fork's step: every series point must come after it. */
  floorStep?: number
}

/** How often an idle run still writes its heartbeat (sys/ping_time). */
export const HEARTBEAT_MS = 5_000

/** Buffers and writes the fields of one run. */
export class RunWriter {
  private readonly states = new Map<string, FieldState>()
  /** FloatSeries states only: the training loop's lookups skip every other kind. */
  private readonly floats = new Map<string, FieldState>()
  private namespaces = new Set<string>()
  private readonly dirty = new Map<string, FieldState>()
  private ops: AtomOp[] = []
  private buffered = 0
  private timer: NodeJS.Timeout | undefined
  private closed = false

  private readonly floorStep: number
  private readonly heartbeat: boolean
  private readonly runningTimeBase: number
  private readonly sessionStart = Date.now()
  private lastFlush = Date.now()
  private lastPing = 0
  private flushing = false

  constructor(
    private readonly database: Database,
    readonly runId: number,
    private readonly options: ResolvedOptions,
    rows: readonly FieldRow[],
    lifecycle: WriterLifecycle = {},
  ) {
    this.floorStep = lifecycle.floorStep ?? -Infinity
    this.heartbeat = lifecycle.heartbeat ?? false
    this.runningTimeBase = lifecycle.runningTimeBase ?? 0
    for (const row of rows) this.register(row.path, row.type as FieldType, row.lastStep ?? -Infinity)
    // A run's heartbeat must go on while it logs nothing, even with a long flushMs.
    this.timer = setInterval(() => this.tick(), this.heartbeat ? Math.min(options.flushMs, HEARTBEAT_MS) : options.flushMs)
    this.timer.unref()
  }

  /** The type of `path`, if it is a field (written or buffered). */
  typeOf(path: string): FieldType | undefined {
    return this.states.get(path)?.type
  }

  /** True if `path` is a namespace holding fields. */
  isNamespace(path: string): boolean {
    return this.namespaces.has(path)
  }

  /** Points dropped so far per field, for fields that dropped any. */
  dropped(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const [path, state] of this.states) if (state.dropped > 0) out[path] = state.dropped
    return out
  }

  private register(path: string, type: FieldType, lastStep: number): FieldState {
    const state: FieldState = { type, lastStep: isSeries(type) ? Math.max(lastStep, this.floorStep) : lastStep, dropped: 0 }
    this.states.set(path, state)
    if (type === 'FloatSeries') this.floats.set(path, state)
    for (const parent of parentsOf(path)) this.namespaces.add(parent)
    return state
  }

  /**
   * Throws unless `path` can hold a `type`: it is new and no ancestor is a field and it is no namespace,
   * or it already has that type.
   */
  checkClaim(path: string, type: FieldType, internal = false): void {
    this.assertOpen()
    checkPath(path, internal ? 'read' : 'write')
    const existing = this.states.get(path)
    if (existing) {
      if (existing.type === type) return
      throw typeConflict(path, existing.type, `a ${type}`)
    }
    for (const parent of parentsOf(path)) {
      const atParent = this.states.get(parent)
      if (atParent) {
        throw fieldTypeConflict(
          `'${parent}' is a ${atParent.type} field, so '${path}' cannot be created under it`,
          `Fields cannot hold children; use a sibling path such as '${parent}_${path.slice(parent.length + 1).replaceAll('/', '_')}'.`,
        )
      }
    }
    if (this.namespaces.has(path)) {
      throw fieldTypeConflict(
        `'${path}' is a namespace holding other fields; cannot write a ${type} there`,
        `Write to a field inside it, such as '${path}/value', or delete the namespace first.`,
      )
    }
  }

  private claim(path: string, type: FieldType, internal = false): FieldState {
    this.checkClaim(path, type, internal)
    return this.states.get(path) ?? this.register(path, type, -Infinity)
  }

  /** Buffers an atom write (the value already cast to `type`); `internal` lets Nereid write sys/. */
  assignAtom(path: string, type: FieldType, cells: AtomCells, internal = false): void {
    this.claim(path, type, internal)
    this.ops.push({ kind: 'atom', path, type, cells })
  }

  /** Buffers an edit of the string set at `path`. */
  editSet(path: string, edit: (set: Set<string>) => void, internal = false): void {
    this.claim(path, 'StringSet', internal)
    this.ops.push({ kind: 'set', path, edit })
  }

  /** The state of the float series `path` (created on first use). */
  private floatState(path: string): FieldState {
    return this.floats.get(path) ?? this.claim(path, 'FloatSeries')
  }

  /** Buffers one float point; `step` defaults to the last step + 1 (0 for the first point). */
  appendFloat(path: string, value: number, step: number | undefined, time: number): void {
    if (this.closed) this.assertOpen()
    const state = this.floatState(path)
    const s = this.nextStep(path, state, step)
    if (s === undefined) return
    state.lastStep = s
    ;(state.floats ??= new FloatBuffer()).push(s, value, time)
    this.touched(path, state)
  }

  /**
   * Buffers one string point; `step` defaults to the last step + 1 (0 for the first point). A FileSeries
   * stores its entries (JSON file references) the same way.
   */
  appendString(path: string, value: string, step: number | undefined, time: number, type: 'StringSeries' | 'FileSeries' = 'StringSeries'): void {
    if (this.closed) this.assertOpen()
    const state = this.claim(path, type)
    const s = this.nextStep(path, state, step)
    if (s === undefined) return
    state.lastStep = s
    ;(state.strings ??= new StringBuffer()).push(s, value, time)
    this.touched(path, state)
  }

  private touched(path: string, state: FieldState): void {
    if (!this.dirty.has(path)) this.dirty.set(path, state)
    // Timers do not fire while a synchronous training loop runs, so the loop itself checks the clock.
    if (++this.buffered >= this.options.maxBufferedPoints || ((this.buffered & 255) === 0 && Date.now() - this.lastFlush >= this.options.flushMs)) {
      this.flush()
    }
  }

  /** The step for a new point, or undefined when the point is dropped for its step. */
  private nextStep(path: string, state: FieldState, step: number | undefined): number | undefined {
    if (step === undefined) return state.lastStep === -Infinity ? 0 : state.lastStep + 1
    if (step > state.lastStep && Number.isFinite(step)) return step
    if (typeof step !== 'number' || !Number.isFinite(step)) {
      throw new InvalidValueError('INVALID_STEP', `step ${String(step)} of '${path}' is not a finite number`, {
        hint: 'Pass a finite number as the step, or leave it out to use the last step + 1.',
      })
    }
    this.drop(path, state, step, state.lastStep)
    return undefined
  }

  /**
   * Counts a point dropped for its step; warns once per field. In the training loop (`inFlush` false)
   * a fork's floor and `strict` throw; at flush time, where another writer of the run got further
   * first, the point is only dropped, so one stale point cannot block every later flush.
   */
  private drop(path: string, state: FieldState, step: number, lastStep: number, inFlush = false): void {
    if (!inFlush && step <= this.floorStep) {
      throw new StepOrderError('STEP_NOT_AFTER_FORK', `'${path}': step ${step} is not after the fork step ${this.floorStep}`, {
        hint: `This run is a fork: its points up to step ${this.floorStep} come from the parent; log from step ${this.floorStep + 1} on.`,
      })
    }
    const message = `'${path}': step ${step} is not greater than the last step ${lastStep}; the point was dropped`
    if (!inFlush && this.options.strict) {
      throw new StepOrderError('STEP_NOT_INCREASING', message, {
        hint: 'Steps must strictly increase within a series; log each point at a new step, or use another path for a second pass.',
      })
    }
    if (++state.dropped > 1) return // later drops of this field are only counted: run.dropped()
    this.options.onWarning({
      code: 'STEP_NOT_INCREASING',
      path,
      message: `${message} (further drops of this field are counted silently; see run.dropped(); pass strict: true to throw instead)`,
    })
  }

  /**
   * Writes every buffered point and atom in one transaction. A field that another writer of this run
   * created with another type loses only its own buffered writes (with a FIELD_TYPE_CONFLICT warning).
   */
  flush(): void {
    const now = Date.now()
    const changed = this.ops.length > 0 || this.dirty.size > 0
    const ping = this.heartbeat && now - this.lastPing >= HEARTBEAT_MS
    if ((!changed && !ping) || this.flushing) return
    this.flushing = true
    const ops = this.ops
    this.ops = []
    const conflicts: { path: string; state?: FieldState; error: FieldTypeError }[] = []
    const unlessConflict = (path: string, write: () => void, state?: FieldState): void => {
      try {
        write()
      } catch (error) {
        if (!(error instanceof FieldTypeError)) throw error
        conflicts.push({ path, state, error }) // ensureField throws before writing anything
      }
    }
    try {
      this.database.write((db) => {
        conflicts.length = 0 // the transaction may be retried
        for (const op of ops) {
          unlessConflict(op.path, () => (op.kind === 'atom' ? writeAtom(db, this.runId, op.path, op.type, op.cells, now) : editStringSet(db, this.runId, op.path, op.edit, now)))
        }
        for (const [path, state] of this.dirty) unlessConflict(path, () => this.writeSeries(db, path, state, now), state)
        const datetime = (path: string) => writeAtom(db, this.runId, path, 'Datetime', encodeAtom('Datetime', new Date(now)), now)
        if (changed) datetime('sys/modification_time')
        if (this.heartbeat) this.writeHeartbeat(db, now)
      })
    } catch (error) {
      this.ops = ops.concat(this.ops) // keep everything for the next attempt
      throw error
    } finally {
      this.flushing = false
    }
    this.lastFlush = now
    for (const { path, state, error } of conflicts) {
      if (state) {
        state.dropped += (state.floats?.length ?? 0) + (state.strings?.length ?? 0)
        this.states.delete(path)
        this.floats.delete(path)
      }
      this.options.onWarning({ code: 'FIELD_TYPE_CONFLICT', path, message: `${error.message}; its buffered writes were dropped` })
    }
    for (const state of this.dirty.values()) {
      state.floats?.clear()
      state.strings?.clear()
    }
    this.dirty.clear()
    this.buffered = 0
  }

  /** Writes the buffered points of one series (inside the flush transaction). */
  private writeSeries(db: Db, path: string, state: FieldState, now: number): void {
    const row = ensureField(db, this.runId, path, state.type, now)
    const stored = row.lastStep ?? -Infinity
    if (state.floats) {
      const start = this.skipStale(path, state, state.floats.steps, state.floats.length, stored)
      appendFloatPoints(db, row, state.floats, start, state.floats.length, now)
    } else if (state.strings) {
      const b = state.strings
      const start = this.skipStale(path, state, b.steps, b.length, stored)
      appendStringPoints(db, row, b.steps.slice(start), b.timestamps.slice(start), b.values.slice(start), now)
    }
  }

  /** Index of the first buffered point past `stored` (the last step another writer of this run wrote). */
  private skipStale(path: string, state: FieldState, steps: ArrayLike<number>, length: number, stored: number): number {
    let start = 0
    while (start < length && !((steps[start] as number) > stored)) {
      this.drop(path, state, steps[start] as number, stored, true)
      start++
    }
    return start
  }

  /** The timer: a flush when one is due, else the heartbeat alone when that is due. */
  private tick(): void {
    const now = Date.now()
    if (now - this.lastFlush >= this.options.flushMs) this.flushQuietly()
    else if (this.heartbeat && now - this.lastPing >= HEARTBEAT_MS && !this.flushing) this.quietly(() => this.database.write((db) => this.writeHeartbeat(db, now)))
  }

  /** sys/ping_time and sys/running_time, inside an open transaction. */
  private writeHeartbeat(db: Db, now: number): void {
    writeAtom(db, this.runId, 'sys/ping_time', 'Datetime', encodeAtom('Datetime', new Date(now)), now)
    writeAtom(db, this.runId, 'sys/running_time', 'Float', encodeAtom('Float', this.runningTimeBase + (now - this.sessionStart) / 1000), now)
    this.lastPing = now
  }

  private flushQuietly(): void {
    this.quietly(() => this.flush())
  }

  private quietly(fn: () => void): void {
    try {
      fn()
    } catch (error) {
      const code = error instanceof NereidError ? error.code : 'FLUSH_FAILED'
      this.options.onWarning({ code, message: `a background flush failed, it will be retried: ${String(error)}` })
    }
  }

  /** Flushes, then deletes the field or namespace at `path`; returns how many fields were deleted. */
  delete(path: string): number {
    this.assertOpen()
    this.flush()
    const count = this.database.write((db) => deleteFields(db, this.runId, path))
    for (const key of [...this.states.keys()]) {
      if (key === path || key.startsWith(`${path}/`)) {
        this.states.delete(key)
        this.floats.delete(key)
      }
    }
    this.namespaces = new Set([...this.states.keys()].flatMap(parentsOf))
    return count
  }

  /** Flushes and stops the timer; later writes throw a ReadOnlyError. */
  close(): void {
    if (this.closed) return
    clearInterval(this.timer)
    this.flush()
    this.closed = true
  }

  get isClosed(): boolean {
    return this.closed
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new ReadOnlyError('RUN_CLOSED', 'the run is closed', {
        hint: 'Resume it (project.startRun with the same customRunId, or project.runs.resume(id)) to write again.',
      })
    }
  }
}
