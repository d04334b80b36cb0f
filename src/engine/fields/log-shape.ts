/**
 * The training loop logs the same keys every step: per writer, the last dict `log()` checked in full —
 * its paths, the kinds of its values and the field registry's generation. A dict with the same paths and
 * kinds, with no field forgotten since, holds only known series of the right types, so only its values
 * need checks (strings for surrogates, bigints for range, histograms), not a registry lookup per key.
 *
 * @example
 * if (!sameShape(writer, paths, values)) { fullCheck(); rememberShape(writer, paths, values) }
 */
import type { RunWriter } from '../runs/writer.js'
import { bigintPoint, checkString } from './value-checks.js'
import { toHistogram, type HistogramInput } from './histogram.js'

/** The last dict a writer's log() checked in full: its paths, their kinds, and the registry's generation. */
interface Shape {
  paths: string[]
  kinds: string[]
  /** Every value a number (the usual training loop): the check per key is then a typeof and a compare. */
  numbers: boolean
  generation: number
}

/** Per writer, the shape of the last dict that passed (the training loop logs the same keys each step). */
const shapes = new WeakMap<RunWriter, Shape>()

/** Remembers the dict of these `paths` and `values` (by position) as checked in full for `writer`. */
export function rememberShape(writer: RunWriter, paths: string[], values: readonly unknown[]): void {
  const kinds = values.map((v) => typeof v)
  const numbers = kinds.every((kind) => kind === 'number')
  shapes.set(writer, { paths, kinds, numbers, generation: writer.generation })
}

/**
 * True when `paths` are the paths of the last dict checked in full, with `values` (by position) of the
 * same kinds, and no field was forgotten since: each is then a series of the right type, and only the
 * values need checks.
 */
export function sameShape(writer: RunWriter, paths: string[], values: readonly unknown[]): boolean {
  const shape = shapes.get(writer)
  if (!shape) return false
  if (shape.generation !== writer.generation || shape.paths.length !== paths.length) return false
  if (writer.isClosed) writer.assertOpen()
  if (shape.numbers) {
    const known = shape.paths
    for (let i = 0; i < paths.length; i++)
      if (paths[i] !== known[i] || typeof values[i] !== 'number') return false
    return true
  }
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i]!
    if (path !== shape.paths[i]) return false
    const value = values[i]
    const kind = typeof value
    if (kind !== shape.kinds[i]) return false
    if (kind === 'string') checkString(path, value as string)
    else if (kind === 'bigint') bigintPoint(path, value as bigint)
    else if (kind === 'object') toHistogram(path, value as HistogramInput) // the one object log() takes
  }
  return true
}
