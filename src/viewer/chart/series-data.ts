/**
 * A float series as a chart holds it: per point (or per bucket) the step range, the time of its last
 * value, the last value (the line), and the exact min/max (the band). Made from the server's
 * `points` or `buckets` reply, so a transfer is proportional to the chart's pixels.
 */
import { ms, num } from '../api.js'

/** The server's reply for one float series (GET …/series). */
export interface SeriesBody {
  path: string
  mode: 'points' | 'buckets'
  points?: { steps: unknown[]; values: unknown[]; timestamps: unknown[] }
  buckets?: {
    start: unknown[]
    end: unknown[]
    min: unknown[]
    max: unknown[]
    last: unknown[]
    lastStep: unknown[]
    lastTime: unknown[]
    count?: unknown[]
  }
}

/** Parallel arrays, one entry per point or bucket, in step order. */
export interface SeriesData {
  start: number[]
  end: number[]
  step: number[]
  time: number[]
  last: number[]
  min: number[]
  max: number[]
}

/**
 * Converts a server reply to chart arrays (a point is a bucket of one).
 * @example seriesData({ path: 'loss', mode: 'points', points: { steps: [0], values: [1], timestamps: [0] } }).last // [1]
 */
export function seriesData(body: SeriesBody): SeriesData {
  if (body.mode === 'buckets' && body.buckets) {
    const b = body.buckets
    return {
      start: b.start.map(num),
      end: b.end.map(num),
      step: b.lastStep.map(num),
      time: b.lastTime.map(ms),
      last: b.last.map(num),
      min: b.min.map(num),
      max: b.max.map(num),
    }
  }
  const p = body.points ?? { steps: [], values: [], timestamps: [] }
  const step = p.steps.map(num)
  const values = p.values.map(num)
  return {
    start: step,
    end: step.slice(),
    step: step.slice(),
    time: p.timestamps.map(ms),
    last: values,
    min: values.slice(),
    max: values.slice(),
  }
}

/**
 * Appends points that arrived live (only steps after the last one held).
 * @example appendPoints(data, { steps: [10], values: [0.5], timestamps: [Date.now()] })
 */
export function appendPoints(
  data: SeriesData,
  points: { steps: unknown[]; values: unknown[]; timestamps: unknown[] },
): number {
  const held = data.step.length ? (data.step[data.step.length - 1] as number) : -Infinity
  let added = 0
  points.steps.forEach((s, i) => {
    const step = num(s)
    if (!(step > held)) return
    const value = num(points.values[i])
    data.start.push(step)
    data.end.push(step)
    data.step.push(step)
    data.time.push(ms(points.timestamps[i]))
    data.last.push(value)
    data.min.push(value)
    data.max.push(value)
    added++
  })
  return added
}

/**
 * The last step a chart holds (for `?after=`), or undefined when it holds none.
 * @example lastStep(data) // 999999
 */
export function lastStep(data: SeriesData): number | undefined {
  return data.step.length ? data.step[data.step.length - 1] : undefined
}
