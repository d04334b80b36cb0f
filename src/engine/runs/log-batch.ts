/**
 * The training loop's rows: a `log()` dict of the same all-number keys as the last one, kept as one row of
 * columns (a step and a time shared by all keys, then a value column per key) instead of a point pushed to
 * each series' buffer. A row costs one store per value; the columns are copied whole into the series'
 * buffers (`drain`) before anything reads them: a flush, a write of another kind, a lookup of a step.
 *
 * The batch takes a row only when every key's series stands at the same last step (the rows' step is then
 * one step for all), the step is given and after it, or left out (the last step + 1). Anything else —
 * another key, a value that is no number, a step that is not after the last — is refused with nothing
 * written, and the caller takes the full path of checks, drops and warnings.
 *
 * @example
 * const batch = new LogBatch(['loss', 'acc'], [lossState, accState])
 * batch.append(['loss', 'acc'], [0.3, 0.9], 7, Date.now())   // true: the row is kept
 * batch.drain((path, state) => dirty.set(path, state))       // pushed to each series' FloatBuffer
 */
import { FloatBuffer } from '../series/buffer.js'
import type { FieldState } from './field-registry.js'

/** Rows a batch holds before it grows (doubling, like FloatBuffer). */
const FIRST_ROWS = 256

/** Rows of one dict shape waiting to be handed to the series' buffers. */
export class LogBatch {
  /** Rows the columns have room for. */
  private capacity = FIRST_ROWS
  private steps = new Float64Array(FIRST_ROWS)
  private times = new Float64Array(FIRST_ROWS)
  /** Key i's values at [i · capacity, i · capacity + length). */
  private values: Float64Array
  private length = 0
  /** The last step of every series of the batch (they stand at the same one while rows wait). */
  private lastStep = -Infinity

  constructor(
    /** The dict's keys, in order: a dict with these keys (the same strings) fits. */
    readonly keys: readonly string[],
    private readonly states: readonly FieldState[],
  ) {
    this.values = new Float64Array(FIRST_ROWS * keys.length)
  }

  /** Rows waiting. */
  get size(): number {
    return this.length
  }

  /**
   * Keeps one row if `paths` are the batch's keys, every value a number and the step fits; returns
   * false with nothing kept otherwise. Each series' last step moves to the row's step at once.
   */
  append(
    paths: readonly string[],
    values: readonly unknown[],
    step: number | undefined,
    time: number,
  ): boolean {
    const keys = this.keys
    const n = keys.length
    if (paths.length !== n) return false
    if (this.length === 0 && !this.standsTogether()) return false
    let s: number
    if (step === undefined) s = this.lastStep === -Infinity ? 0 : this.lastStep + 1
    else if (step > this.lastStep && step - step === 0) s = step
    else return false
    for (let i = 0; i < n; i++) if (paths[i] !== keys[i] || typeof values[i] !== 'number') return false
    if (this.length === this.capacity) this.grow()
    const r = this.length++
    this.steps[r] = s
    this.times[r] = time
    const columns = this.values
    const capacity = this.capacity
    for (let i = 0, o = r; i < n; i++, o += capacity) columns[o] = values[i] as number
    const states = this.states
    for (let i = 0; i < n; i++) states[i]!.lastStep = s
    this.lastStep = s
    return true
  }

  /** Appends every row to the series' buffers, in order, calling `touched` for each series (to mark it dirty); empties the batch. */
  drain(touched: (path: string, state: FieldState) => void): void {
    const { length, capacity, states } = this
    if (length === 0) return
    for (let k = 0; k < states.length; k++) {
      const state = states[k]!
      const column = this.values.subarray(k * capacity, k * capacity + length)
      ;(state.floats ??= new FloatBuffer()).pushAll(this.steps, column, this.times, length)
      touched(this.keys[k]!, state)
    }
    this.length = 0
  }

  /** After a drain the series may have moved apart (a point written to one alone): the batch's step is theirs again. */
  private standsTogether(): boolean {
    const last = this.states[0]!.lastStep
    for (const state of this.states) if (state.lastStep !== last) return false
    this.lastStep = last
    return true
  }

  private grow(): void {
    const old = this.capacity
    const capacity = old * 2
    const values = new Float64Array(capacity * this.keys.length)
    for (let k = 0; k < this.keys.length; k++)
      values.set(this.values.subarray(k * old, (k + 1) * old), k * capacity)
    const steps = new Float64Array(capacity)
    steps.set(this.steps)
    const times = new Float64Array(capacity)
    times.set(this.times)
    this.capacity = capacity
    this.values = values
    this.steps = steps
    this.times = times
  }
}
