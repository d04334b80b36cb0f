/**
 * The points of one series buffered by an oplog run between flushes; a flush turns each into ONE line
 * (steps[], values[], timestamps[]). Steps left out continue from the last step written by this process.
 *
 * @example
 * const batch = new SeriesBatch('floats')
 * batch.add(0.5, undefined, Date.now())   // step 0
 * batch.take(run, 'loss')                 // { op: 'floats', run, path: 'loss', steps: [0], … }
 */
import type { Histogram } from '../fields/histogram.js'
import { encodeFloat, encodeHistogramValue, type OplogHistogram, type OplogOp } from './format.js'

/** A point's value: a number, a string or a checked histogram. */
export type PointValue = number | string | Histogram

/** Buffered points of one FloatSeries ('floats'), StringSeries ('strings') or HistogramSeries ('histograms'). */
export class SeriesBatch {
  #steps: number[] = []
  #values: (number | string | OplogHistogram)[] = []
  #times: number[] = []
  #last = -Infinity

  constructor(readonly kind: 'floats' | 'strings' | 'histograms') {}

  /** Buffers a point; returns false (and keeps nothing) when its step is not after the last one. */
  add(value: PointValue, step: number | undefined, time: number): boolean {
    const at = step ?? (this.#last === -Infinity ? 0 : Math.floor(this.#last) + 1)
    if (!(at > this.#last)) return false
    this.#last = at
    this.#steps.push(at)
    this.#values.push(
      typeof value === 'number'
        ? encodeFloat(value)
        : typeof value === 'string'
          ? value
          : encodeHistogramValue(value),
    )
    this.#times.push(time)
    return true
  }

  get size(): number {
    return this.#steps.length
  }

  /** The buffered points as one operation (emptying the batch), or undefined when there are none. */
  take(run: string, path: string): OplogOp | undefined {
    if (this.#steps.length === 0) return undefined
    const op = {
      op: this.kind,
      run,
      path,
      steps: this.#steps,
      values: this.#values,
      timestamps: this.#times,
    } as OplogOp
    this.#steps = []
    this.#values = []
    this.#times = []
    return op
  }
}
