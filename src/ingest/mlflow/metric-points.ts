/**
 * MLflow metric points into a Nereid series: NaN comes back from `is_nan`, ±Infinity from the ±DBL_MAX
 * MLflow stores instead, and points are ordered by step then timestamp; a repeated step keeps its latest
 * point (Nereid steps are strictly increasing) and the others are reported.
 *
 * @example
 * toSeries('metrics/loss', [{ step: 0, timestamp: 5, value: 0.3, isNan: false }], note)
 */
import type { ImportedSeries } from '../record.js'

/** One MLflow metric point. */
export interface MetricPoint {
  step: number
  timestamp: number
  value: number
  isNan: boolean
  /** Where it came from, for reports (a line number of a file-store metric file). */
  row?: number
}

const DBL_MAX = 1.7976931348623157e308

/** The value MLflow meant. */
export function metricValue(value: number, isNan: boolean): number {
  if (isNan) return Number.NaN
  if (value === DBL_MAX) return Number.POSITIVE_INFINITY
  if (value === -DBL_MAX) return Number.NEGATIVE_INFINITY
  return value
}

/** The series of `points`; `note(row, reason)` hears about each point left out. */
export function toSeries(
  path: string,
  points: MetricPoint[],
  note: (row: number | undefined, reason: string) => void,
): ImportedSeries<number> {
  const sorted = [...points].sort((a, b) => a.step - b.step || a.timestamp - b.timestamp)
  const out: ImportedSeries<number> = { path, steps: [], timestamps: [], values: [] }
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i]!
    const next = sorted[i + 1]
    if (next && next.step === p.step) {
      note(
        p.row,
        `'${path}' step ${p.step} is logged more than once; the point at timestamp ${p.timestamp} is replaced by the later one`,
      )
      continue
    }
    out.steps.push(p.step)
    out.timestamps.push(p.timestamp)
    out.values.push(metricValue(p.value, p.isNan))
  }
  return out
}
