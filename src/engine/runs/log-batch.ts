/**
 * The training loop's rows: a `log()` dict of the same all-number keys as the last one, kept as one row of
 * a matrix (step, time, then a value per key) instead of a point pushed to each series' buffer. A row
 * costs one store per value; the rows are handed to the series' buffers (`drain`) before anything reads
 * them: a flush, a write of another kind, a lookup of a step.
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
  private rows: Float64Array
  private length = 0
  private readonly stride: number
  /** The last step of every series of the batch (they stand at the same one while rows wait). */
  private lastStep = -Infinity

  constructor(
    /** The dict's keys, in order: a dict with these keys (the same strings) fits. */
    readonly keys: readonly string[],
    private readonly states: readonly FieldState[],
  ) {
    this.stride = keys.length + 2
    this.rows = new Float64Array(FIRST_ROWS * this.stride)
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
    if ((this.length + 1) * this.stride > this.rows.length) this.grow()
    const rows = this.rows
    let o = this.length++ * this.stride
    rows[o++] = s
    rows[o++] = time
    for (let i = 0; i < n; i++) rows[o + i] = values[i] as number
    const states = this.states
    for (let i = 0; i < n; i++) states[i]!.lastStep = s
    this.lastStep = s
    return true
  }

  /** Pushes every row to the series' buffers, in order, calling `touched` for each series (to mark it dirty); empties the batch. */
  drain(touched: (path: string, state: FieldState) => void): void {
    if (this.length === 0) return
    const { rows, stride, states } = this
    for (let k = 0; k < states.length; k++) {
      const state = states[k]!
      const buffer = (state.floats ??= new FloatBuffer())
      for (let r = 0, o = 0; r < this.length; r++, o += stride)
        buffer.push(rows[o]!, rows[o + 2 + k]!, rows[o + 1]!)
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
    const next = new Float64Array(this.rows.length * 2)
    next.set(this.rows)
    this.rows = next
  }
}
