/**
 * A sink that stores nothing: timing the workload through it gives the cost of the loop itself (building
 * each step's dict and walking it), the floor under every layout's figure.
 *
 * @example
 * const sink = new NullSink(); await drive(w, sink); sink.checksum
 */
import type { Sink } from './layout.js'

/** Reads every value of every dict, so the loop cannot be optimised away. */
export class NullSink implements Sink {
  checksum = 0

  log(values: Record<string, number>, step: number): void {
    let sum = step
    for (const key in values) sum += values[key]!
    this.checksum += sum
  }

  close(): void {}
}
