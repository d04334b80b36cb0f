/**
 * In-memory columns of float points waiting for the next flush. Growing by doubling keeps `push` O(1)
 * and allocation-free in the training loop; the columns are reused after each flush, so memory stays flat.
 *
 * @example
 * const buffer = new FloatBuffer(); buffer.push(0, 0.5, Date.now()); buffer.length   // 1
 */
import type { SeriesPoints } from './codec.js'

/** Pending float points of one series. */
export class FloatBuffer implements SeriesPoints {
  steps: Float64Array<ArrayBuffer> = new Float64Array(64)
  values: Float64Array<ArrayBuffer> = new Float64Array(64)
  timestamps: Float64Array<ArrayBuffer> = new Float64Array(64)
  length = 0

  push(step: number, value: number, time: number): void {
    if (this.length === this.steps.length) this.grow()
    const i = this.length++
    this.steps[i] = step
    this.values[i] = value
    this.timestamps[i] = time
  }

  /** Appends points [0, n) of the columns, as {@link push} one by one would. */
  pushAll(steps: Float64Array, values: Float64Array, times: Float64Array, n: number): void {
    while (this.length + n > this.steps.length) this.grow()
    this.steps.set(steps.subarray(0, n), this.length)
    this.values.set(values.subarray(0, n), this.length)
    this.timestamps.set(times.subarray(0, n), this.length)
    this.length += n
  }

  /** Forgets the points (after they were written); keeps the memory for the next ones. */
  clear(): void {
    this.length = 0
  }

  /**
   * Empties the buffer onto new columns of the same capacity, from `take` (a flush worker's handed-back
   * columns): the old ones, read before the call, now belong to whoever they were handed to.
   */
  swap(take: (capacity: number) => Float64Array<ArrayBuffer>): void {
    const capacity = this.steps.length
    this.steps = take(capacity)
    this.values = take(capacity)
    this.timestamps = take(capacity)
    this.length = 0
  }

  private grow(): void {
    const size = this.steps.length * 2
    const grown = (old: Float64Array): Float64Array<ArrayBuffer> => {
      const next = new Float64Array(size)
      next.set(old)
      return next
    }
    this.steps = grown(this.steps)
    this.values = grown(this.values)
    this.timestamps = grown(this.timestamps)
  }
}

/** Pending string points of one series. */
export class StringBuffer {
  steps: number[] = []
  timestamps: number[] = []
  values: string[] = []

  get length(): number {
    return this.values.length
  }

  push(step: number, value: string, time: number): void {
    this.steps.push(step)
    this.values.push(value)
    this.timestamps.push(time)
  }

  clear(): void {
    this.steps = []
    this.timestamps = []
    this.values = []
  }
}
