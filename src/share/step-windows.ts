/**
 * Reads a series in windows of steps, so that a 10 M-point series is never in memory at once. The public
 * API reads a series by step range (`fetchValues({ from, to })`, `list({ from, to })`) and says nothing of
 * where its steps lie, so the window adapts: it starts 65 536 steps wide, grows while windows come back
 * sparse or empty and shrinks when they come back dense, aiming at `targetPoints` per window. Past
 * 2^53 (where doubles stop being whole numbers) one last window takes everything left.
 *
 * @example
 * for (const w of stepWindows((from, to) => field.fetchValues({ from, to }) as SeriesPoints, (p) => p.steps)) {
 *   batch.points(path, 'float_series', 'float_value', w.data.steps, w.data.values, w.data.timestamps, w.start, w.end)
 * }
 */

/** Points of one window: rows `start` to `end - 1` of `data` are new. */
export interface StepWindow<T> {
  data: T
  start: number
  end: number
}

/** Options of stepWindows(). */
export interface WindowOptions {
  /** Read only steps greater than this (a fork's own points: after its fork step). */
  after?: number
  /** Points aimed at per window (default 100 000). */
  targetPoints?: number
}

const INITIAL_WIDTH = 65_536
const LAST_WINDOW = 2 ** 53

/** The windows of the series read by `read(from, to)` (both ends included) whose steps `stepsOf` gives. */
export function* stepWindows<T>(
  read: (from: number, to: number) => T,
  stepsOf: (data: T) => ArrayLike<number>,
  options: WindowOptions = {},
): Generator<StepWindow<T>> {
  const target = options.targetPoints ?? 100_000
  let lo = options.after ?? -Infinity
  let width = INITIAL_WIDTH
  for (;;) {
    const base = lo === -Infinity ? 0 : lo
    let hi = base + Math.max(width, Math.abs(base) * 2 ** -40)
    if (hi >= LAST_WINDOW) hi = Infinity
    const data = read(lo, hi)
    const steps = stepsOf(data)
    let start = 0
    // `from` is inclusive: the point at the previous window's upper end was already exported.
    while (start < steps.length && steps[start]! <= lo) start++
    const count = steps.length - start
    if (count > 0) yield { data, start, end: steps.length }
    if (hi === Infinity) return
    width = count === 0 ? width * 8 : Math.min(width * 8, Math.max(width / 8, (width * target) / count))
    lo = hi
  }
}
