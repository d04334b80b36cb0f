/**
 * The write side of one open run: it buffers points and atom writes in memory — checked at the call by
 * its field registry (types) and step policy (steps) — and writes all of them in ONE transaction per
 * flush: every `flushMs`, when the buffer passes `maxBufferedPoints`, and on demand; with the run's
 * heartbeat (sys/ping_time, sys/running_time) when it has one. With `flush: 'worker'` a flush worker
 * (flush-client.ts) encodes, writes and commits each flush on its own connection: the writer only hands
 * it the buffered columns, and `flush()` / `close()` wait for it and throw its errors.
 *
 * @example
 * const writer = new RunWriter(database, runId, options, listFields(db, runId))
 * writer.appendFloat('metrics/acc', 0.9, undefined, Date.now())
 * writer.flush()
 */
import type { Database, Db } from '../driver/database.js'
import type { FieldType } from '../fields/types.js'
import type { ResolvedOptions } from '../options.js'
import { encodeAtom, type AtomCells } from '../fields/atom-codec.js'
import { FieldTypeError, NereidError, ReadOnlyError } from '../errors.js'
import { deleteFields, editStringSet, ensureField, writeAtom, type FieldRow } from '../fields/store.js'
import { FieldRegistry, type FieldState } from './field-registry.js'
import { FloatRowCache } from './row-cache.js'
import { LogBatch } from './log-batch.js'
import { StepPolicy } from './step-policy.js'
import { refuseForkSources } from './fork-reads.js'
import { FloatBuffer, StringBuffer } from '../series/buffer.js'
import { appendFloatPoints } from '../series/float-store.js'
import { appendStringPoints } from '../series/string-store.js'
import type { BatchAtom, BatchFloats, BatchReply, BatchStrings } from './flush-batch.js'
import { FlushClient } from './flush-client.js'
import { fromWire } from './wire-error.js'

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
  /** Where flushes are encoded and written: on this thread (default), or by a flush worker. */
  flush?: FlushMode
}

/** Where a writer's flushes run: 'inline' on the caller's thread, 'worker' in a flush worker thread. */
export type FlushMode = 'inline' | 'worker'

/** Flushes handed to the worker and not committed yet, past which a flush waits for the oldest. */
const MAX_IN_FLIGHT = 2

/** How much earlier than flushMs after the last flush a timer tick still flushes. */
const TICK_SLACK_MS = 5

/** How often an idle run still writes its heartbeat (sys/ping_time). */
export const HEARTBEAT_MS = 5_000

/** Buffers and writes the fields of one run. */
export class RunWriter {
  private readonly fields: FieldRegistry
  private readonly steps: StepPolicy
  private readonly dirty = new Map<string, FieldState>()
  /**
   * The keys of the last dict `log()` passed, by position, with their float states: a training loop logs
   * the same keys in the same order each step, so a string identity check finds each state (see appendFloat).
   */
  private shapeKeys: string[] = []
  private shapeStates: FieldState[] = []
  /** The last all-number dict's rows (log-batch.ts): one store per value while the keys stay the same. */
  private batch: LogBatch | undefined
  private ops: AtomOp[] = []
  private readonly rows: FloatRowCache
  private buffered = 0
  private timer: NodeJS.Timeout | undefined
  private closed = false

  private readonly heartbeat: boolean
  private readonly runningTimeBase: number
  private readonly sessionStart = Date.now()
  private lastFlush = Date.now()
  private lastPing = 0
  private flushing = false
  /** The flush worker, with `flush: 'worker'`. */
  private client: FlushClient | undefined
  /** The worker holds flushes that failed (it writes them again with the next one). */
  private workerHolds = false

  constructor(
    private readonly database: Database,
    readonly runId: number,
    /** The project's options (strict, onWarning, …), read by the whole-dict checks of log and assign. */
    readonly options: ResolvedOptions,
    rows: readonly FieldRow[],
    lifecycle: WriterLifecycle = {},
  ) {
    const floorStep = lifecycle.floorStep ?? -Infinity
    this.fields = new FieldRegistry(floorStep)
    this.steps = new StepPolicy(floorStep, options)
    this.heartbeat = lifecycle.heartbeat ?? false
    this.rows = new FloatRowCache(database, runId)
    this.runningTimeBase = lifecycle.runningTimeBase ?? 0
    for (const row of rows) this.fields.register(row.path, row.type as FieldType, row.lastStep ?? -Infinity)
    if (lifecycle.flush === 'worker') {
      this.client = new FlushClient({
        file: database.file,
        durability: options.durability,
        busyTimeoutMs: options.busyTimeoutMs,
        runId,
      })
    }
    // A run's heartbeat must go on while it logs nothing, even with a long flushMs.
    this.timer = setInterval(
      () => this.tick(),
      this.heartbeat ? Math.min(options.flushMs, HEARTBEAT_MS) : options.flushMs,
    )
    this.timer.unref()
  }

  /** The type of `path`, if it is a field (written or buffered). */
  typeOf(path: string): FieldType | undefined {
    return this.fields.typeOf(path)
  }

  /** True if `path` is a namespace holding fields. */
  isNamespace(path: string): boolean {
    return this.fields.isNamespace(path)
  }

  /** Points dropped so far per field, for fields that dropped any. */
  dropped(): Record<string, number> {
    return this.fields.dropped()
  }

  /** Throws unless `path` can hold a `type` (see FieldRegistry.checkClaim), or when the run is closed. */
  checkClaim(path: string, type: FieldType, internal = false): void {
    this.assertOpen()
    this.fields.checkClaim(path, type, internal)
  }

  /**
   * Throws what buffering a `type` point at `step` to `path` would throw (closed run, path, type, step),
   * changing nothing: log() checks a whole dict with it before writing any of it. Returns true when `path`
   * is no field yet (the caller checks such new paths against each other).
   */
  precheck(
    path: string,
    type: 'FloatSeries' | 'StringSeries' | 'HistogramSeries',
    step: number | undefined,
    lastStep?: number,
  ): boolean {
    if (this.closed) this.assertOpen()
    const state = this.fields.state(path)
    if (state?.type !== type) this.fields.checkClaim(path, type)
    if (step !== undefined) this.steps.check(path, lastStep ?? state?.lastStep ?? this.steps.floorStep, step)
    return state === undefined
  }

  /** Throws for a step no series of this run takes (not a finite number, at or before a fork's step). */
  checkStep(path: string, step: number): void {
    this.steps.check(path, this.steps.floorStep, step)
  }

  /** Changes whenever a field is forgotten (a delete, a conflict at flush): see FieldRegistry.generation. */
  get generation(): number {
    return this.fields.generation
  }

  /** The last step of the series at `path` (written or buffered), or the fork's step / -Infinity. */
  lastStep(path: string): number {
    return this.fields.state(path)?.lastStep ?? this.steps.floorStep
  }

  private claim(path: string, type: FieldType, internal = false): FieldState {
    this.assertOpen()
    return this.fields.claim(path, type, internal)
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

  /**
   * Buffers one float point; `step` defaults to the last step + 1 (0 for the first point). `slot`, the
   * key's position in the caller's dict, lets a dict of the same shape as the last skip the path lookup.
   */
  appendFloat(path: string, value: number, step: number | undefined, time: number, slot = -1): void {
    if (this.closed) this.assertOpen()
    if (this.batch?.size) this.drainBatch() // a series' points stay in step order
    let state: FieldState
    if (slot >= 0 && slot < this.shapeKeys.length && this.shapeKeys[slot] === path)
      state = this.shapeStates[slot]!
    else {
      state = this.fields.float(path)
      if (slot >= 0) this.remember(slot, path, state)
    }
    const s = this.steps.next(path, state, step)
    if (s === undefined) return
    state.lastStep = s
    ;(state.floats ??= new FloatBuffer()).push(s, value, time)
    this.touched(path, state)
  }

  private remember(slot: number, path: string, state: FieldState): void {
    if (slot > this.shapeKeys.length) return // a key of a dict that skipped slots: nothing to cache
    this.shapeKeys[slot] = path
    this.shapeStates[slot] = state
  }

  /** Forgets the dict shape (a field's state was dropped from the registry). */
  private forgetShape(): void {
    this.drainBatch()
    this.shapeKeys = []
    this.shapeStates = []
    this.batch = undefined
  }

  /**
   * `log()`'s fast path: buffers a dict of the same all-number keys as the last one as one row, when its
   * step fits (log-batch.ts); returns false, with nothing written, when the dict needs the full checks.
   */
  logRow(
    paths: readonly string[],
    values: readonly unknown[],
    step: number | undefined,
    time: number,
  ): boolean {
    const batch = this.batch
    if (batch === undefined || this.closed || !batch.append(paths, values, step, time)) return false
    this.buffered += paths.length
    this.due(paths.length)
    return true
  }

  /**
   * After a dict went the full way with every value a number: its keys (the same strings, in order) and
   * series become the batch that takes the next such dicts as rows.
   */
  loggedNumbers(paths: readonly string[]): void {
    if (this.batch !== undefined && sameKeys(this.batch.keys, paths)) return
    if (paths.length === 0 || !sameKeys(this.shapeKeys, paths)) return
    this.drainBatch()
    this.batch = new LogBatch([...paths], [...this.shapeStates])
  }

  /** Hands the batch's rows to the series' buffers (before anything reads those). */
  private drainBatch(): void {
    this.batch?.drain((path, state) => this.markDirty(path, state))
  }

  /**
   * Buffers one string point; `step` defaults to the last step + 1 (0 for the first point). A FileSeries
   * stores its entries (JSON file references) the same way.
   */
  appendString(
    path: string,
    value: string,
    step: number | undefined,
    time: number,
    type: 'StringSeries' | 'FileSeries' | 'HistogramSeries' = 'StringSeries',
  ): void {
    if (this.closed) this.assertOpen()
    if (this.batch?.size) this.drainBatch()
    const state = this.claim(path, type)
    const s = this.steps.next(path, state, step)
    if (s === undefined) return
    state.lastStep = s
    ;(state.strings ??= new StringBuffer()).push(s, value, time)
    this.touched(path, state)
  }

  private touched(path: string, state: FieldState): void {
    this.markDirty(path, state)
    ++this.buffered
    this.due(1)
  }

  private markDirty(path: string, state: FieldState): void {
    if (state.dirty) return
    state.dirty = true
    this.dirty.set(path, state)
  }

  /**
   * Flushes when `added` points just buffered pass maxBufferedPoints, or cross a multiple of 256 past
   * flushMs: timers do not fire while a synchronous training loop runs, so the loop itself checks the clock.
   */
  private due(added: number): void {
    const buffered = this.buffered
    if (
      buffered >= this.options.maxBufferedPoints ||
      ((buffered & ~255) !== ((buffered - added) & ~255) &&
        Date.now() - this.lastFlush >= this.options.flushMs)
    ) {
      this.write(false)
    }
  }

  /**
   * Writes every buffered point and atom in one transaction. A field that another writer of this run
   * created with another type loses only its own buffered writes (with a FIELD_TYPE_CONFLICT warning).
   * With a flush worker: hands them over and waits until the worker committed them (and every flush
   * before), throwing the error of any flush that failed.
   */
  flush(): void {
    this.write(true)
  }

  /** A flush: inline, or handed to the worker (waited for when `wait`). */
  private write(wait: boolean): void {
    this.drainBatch()
    if (this.client) this.handOver(this.client, wait)
    else this.flushInline()
  }

  /** The flush on this thread (see {@link flush}). */
  private flushInline(): void {
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
        this.rows.begin()
        for (const op of ops) {
          unlessConflict(op.path, () =>
            op.kind === 'atom'
              ? writeAtom(db, this.runId, op.path, op.type, op.cells, now)
              : editStringSet(db, this.runId, op.path, op.edit, now),
          )
        }
        for (const [path, state] of this.dirty)
          unlessConflict(path, () => this.writeSeries(db, path, state, now), state)
        const datetime = (path: string) =>
          writeAtom(db, this.runId, path, 'Datetime', encodeAtom('Datetime', new Date(now)), now)
        if (changed) datetime('sys/modification_time')
        if (this.heartbeat) this.writeHeartbeat(db, now)
      })
    } catch (error) {
      this.ops = ops.concat(this.ops) // keep everything for the next attempt
      this.rows.clear() // the rollback undid summaries the cache had advanced
      throw error
    } finally {
      this.flushing = false
    }
    this.rows.committed()
    this.lastFlush = now
    for (const { path, state, error } of conflicts) {
      if (state) {
        state.dropped += (state.floats?.length ?? 0) + (state.strings?.length ?? 0)
        this.fields.forget(path)
        this.forgetShape()
      }
      this.options.onWarning({
        code: 'FIELD_TYPE_CONFLICT',
        path,
        message: `${error.message}; its buffered writes were dropped`,
      })
    }
    for (const state of this.dirty.values()) {
      state.dirty = false
      state.floats?.clear()
      state.strings?.clear()
    }
    this.dirty.clear()
    this.buffered = 0
  }

  /**
   * A flush through the worker: the answers so far are settled (an earlier flush's error is thrown
   * here, as an inline flush would throw it), then the buffered writes are handed over in one batch.
   * A string-set edit (a function of the stored set) waits for the worker and flushes inline.
   */
  private handOver(client: FlushClient, wait: boolean): void {
    if (this.flushing) return
    this.flushing = true
    try {
      this.settle(client.answers(false))
      const now = Date.now()
      const changed = this.ops.length > 0 || this.dirty.size > 0
      const ping = this.heartbeat && now - this.lastPing >= HEARTBEAT_MS
      if (changed || ping || this.workerHolds) {
        if (this.ops.some((op) => op.kind === 'set')) {
          this.settle(client.answers(true))
          this.flushing = false
          this.flushInline()
          return
        }
        if (client.inFlight >= MAX_IN_FLIGHT) this.settle(client.answers(true, MAX_IN_FLIGHT - 1))
        this.send(client, now, changed)
      }
      if (wait) this.settle(client.answers(true))
    } finally {
      this.flushing = false
    }
  }

  /** Hands every buffered write to the worker as one batch; the buffers start again empty. */
  private send(client: FlushClient, now: number, changed: boolean): void {
    const atoms: BatchAtom[] = []
    for (const op of this.ops)
      if (op.kind === 'atom') atoms.push({ path: op.path, type: op.type, cells: op.cells })
    this.ops = []
    const floats: BatchFloats[] = []
    const strings: BatchStrings[] = []
    const transfer: ArrayBuffer[] = []
    const take = (capacity: number) => client.columns(capacity)
    for (const [path, state] of this.dirty) {
      state.dirty = false
      const f = state.floats
      if (f !== undefined && f.length > 0) {
        floats.push({ path, steps: f.steps, values: f.values, timestamps: f.timestamps, length: f.length })
        transfer.push(f.steps.buffer, f.values.buffer, f.timestamps.buffer)
        f.swap(take)
      }
      const s = state.strings
      if (s !== undefined && s.length > 0) {
        const type = state.type as BatchStrings['type']
        strings.push({ path, type, steps: s.steps, timestamps: s.timestamps, values: s.values })
        s.clear() // new arrays: the batch keeps the old ones
      }
    }
    this.dirty.clear()
    const after: BatchAtom[] = []
    if (changed) after.push(this.datetime('sys/modification_time', now))
    if (this.heartbeat) after.push(...this.heartbeatAtoms(now))
    client.send({ now, atoms, floats, strings, after }, transfer)
    this.lastFlush = now
    this.buffered = 0
  }

  /**
   * Applies the worker's answers as an inline flush applies its own outcome: conflicts drop the field's
   * buffered writes with a warning, stale points are counted and warned about; throws the last error.
   */
  private settle(replies: readonly BatchReply[]): void {
    let error: Error | undefined
    for (const reply of replies) {
      if (!reply.ok) {
        this.workerHolds = true
        error = fromWire(reply.error!)
        continue
      }
      this.workerHolds = false
      error = undefined // a later flush wrote the failed ones too
      for (const s of reply.stale) {
        const state = this.fields.state(s.path) ?? ({ dropped: 0 } as FieldState)
        for (const step of s.steps) this.steps.drop(s.path, state, step, s.stored, true)
      }
      for (const c of reply.conflicts) {
        const state = c.points > 0 ? this.fields.state(c.path) : undefined
        if (state) {
          state.dropped += c.points + (state.floats?.length ?? 0) + (state.strings?.length ?? 0)
          state.floats?.clear()
          state.strings?.clear()
          if (state.dirty) this.dirty.delete(c.path)
          state.dirty = false
          this.fields.forget(c.path)
          this.forgetShape()
        }
        this.options.onWarning({
          code: 'FIELD_TYPE_CONFLICT',
          path: c.path,
          message: `${fromWire(c.error).message}; its buffered writes were dropped`,
        })
      }
    }
    if (error) throw error
  }

  private datetime(path: string, now: number): BatchAtom {
    return { path, type: 'Datetime', cells: encodeAtom('Datetime', new Date(now)) }
  }

  /** sys/ping_time and sys/running_time as of `now`. */
  private heartbeatAtoms(now: number): BatchAtom[] {
    this.lastPing = now
    return [
      this.datetime('sys/ping_time', now),
      {
        path: 'sys/running_time',
        type: 'Float',
        cells: encodeAtom('Float', this.runningTimeBase + (now - this.sessionStart) / 1000),
      },
    ]
  }

  /** Writes the buffered points of one series (inside the flush transaction). */
  private writeSeries(db: Db, path: string, state: FieldState, now: number): void {
    const row =
      state.type === 'FloatSeries'
        ? this.rows.get(db, path, now)
        : ensureField(db, this.runId, path, state.type, now)
    const stored = row.lastStep ?? -Infinity
    if (state.floats) {
      const start = this.steps.skipStale(path, state, state.floats.steps, state.floats.length, stored)
      appendFloatPoints(db, row, state.floats, start, state.floats.length, now)
    } else if (state.strings) {
      const b = state.strings
      const start = this.steps.skipStale(path, state, b.steps, b.length, stored)
      appendStringPoints(db, row, b.steps.slice(start), b.timestamps.slice(start), b.values.slice(start), now)
    }
  }

  /** The timer: a flush when one is due, else the heartbeat alone when that is due. */
  private tick(): void {
    const now = Date.now()
    // A tick comes flushMs after the previous one started, and lastFlush was read a moment after that
    // start: without the slack a tick could find 999 of 1000 ms and skip, doubling the loss window.
    if (now - this.lastFlush >= this.options.flushMs - TICK_SLACK_MS) this.flushQuietly()
    else if (this.heartbeat && now - this.lastPing >= HEARTBEAT_MS && !this.flushing) {
      if (this.client)
        this.flushQuietly() // a flush with nothing buffered is the heartbeat alone
      else this.quietly(() => this.database.write((db) => this.writeHeartbeat(db, now)))
    }
  }

  /** sys/ping_time and sys/running_time, inside an open transaction. */
  private writeHeartbeat(db: Db, now: number): void {
    writeAtom(db, this.runId, 'sys/ping_time', 'Datetime', encodeAtom('Datetime', new Date(now)), now)
    writeAtom(
      db,
      this.runId,
      'sys/running_time',
      'Float',
      encodeAtom('Float', this.runningTimeBase + (now - this.sessionStart) / 1000),
      now,
    )
    this.lastPing = now
  }

  private flushQuietly(): void {
    this.quietly(() => this.write(false))
  }

  private quietly(fn: () => void): void {
    try {
      fn()
    } catch (error) {
      const code = error instanceof NereidError ? error.code : 'FLUSH_FAILED'
      this.options.onWarning({
        code,
        message: `a background flush failed, it will be retried: ${String(error)}`,
      })
    }
  }

  /** Flushes, then deletes the field or namespace at `path`; returns how many fields were deleted. */
  delete(path: string): number {
    this.assertOpen()
    this.flush()
    const count = this.database.write((db) => {
      refuseForkSources(db, this.runId, path)
      return deleteFields(db, this.runId, path)
    })
    this.fields.forgetUnder(path)
    this.forgetShape()
    this.rows.clear()
    return count
  }

  /** Flushes and stops the timer; later writes throw a ReadOnlyError. */
  close(): void {
    if (this.closed) return
    clearInterval(this.timer)
    this.flush()
    if (this.client) {
      const client = this.client
      this.settle(client.close())
      this.client = undefined
    }
    this.closed = true
  }

  get isClosed(): boolean {
    return this.closed
  }

  /** Throws RUN_CLOSED once the run is closed. */
  assertOpen(): void {
    if (this.closed) {
      throw new ReadOnlyError('RUN_CLOSED', 'the run is closed', {
        hint: 'Resume it (project.startRun with the same customRunId, or project.runs.resume(id)) to write again.',
      })
    }
  }
}

/** Whether two key lists hold the same strings in the same order. */
function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i])
}
