/**
 * Checks a record before any of it is written: series steps must be finite and strictly increasing (and
 * after a fork's step), paths must not be kept by Nereid, files must exist. What fails is removed from the
 * record and reported, so the apply step never meets a point the engine would drop half-way.
 *
 * @example
 * validateRun(record, report, 'SAN-1_part_0.parquet')
 */
import { existsSync, statSync } from 'node:fs'
import type { ImportedRun, ImportedSeries } from './record.js'
import { skip, type ImportReport } from './report.js'

const WRITABLE_SYS = new Set(['sys/name', 'sys/description', 'sys/tags'])

function keptPath(path: string): boolean {
  return (path === 'sys' || path.startsWith('sys/')) && !WRITABLE_SYS.has(path)
}

function cleanSeries<T>(
  series: ImportedSeries<T>,
  floor: number,
  note: (reason: string) => void,
): ImportedSeries<T> {
  const out: ImportedSeries<T> = { path: series.path, steps: [], timestamps: [], values: [] }
  let last = floor
  for (let i = 0; i < series.steps.length; i++) {
    const step = series.steps[i]!
    if (!Number.isFinite(step) || !(step > last)) {
      note(
        `'${series.path}' step ${step} is not after step ${last === -Infinity ? '(none)' : last}${last === floor && floor !== -Infinity ? ' (the fork step)' : ''}`,
      )
      continue
    }
    last = step
    out.steps.push(step)
    out.timestamps.push(series.timestamps[i]!)
    out.values.push(series.values[i]!)
  }
  return out
}

function isFileThere(input: string | Uint8Array): boolean {
  return typeof input !== 'string' || (existsSync(input) && statSync(input).isFile())
}

/** Removes and reports what cannot be imported; `file` names the source file in skip reports. */
export function validateRun(run: ImportedRun, report: ImportReport, file: string): void {
  const note = (reason: string) => skip(report, { file, run: run.originalId, reason })
  const floor = run.forkFrom?.step ?? -Infinity
  const dropKept = <T extends { path: string }>(items: T[]) =>
    items.filter((item) => {
      if (!keptPath(item.path)) return true
      note(`'${item.path}' is a sys field Nereid keeps`)
      return false
    })
  run.atoms = dropKept(run.atoms)
  run.stringSets = dropKept(run.stringSets)
  run.floatSeries = dropKept(run.floatSeries).map((s) => cleanSeries(s, floor, note))
  run.stringSeries = dropKept(run.stringSeries).map((s) => cleanSeries(s, floor, note))
  run.histogramSeries = dropKept(run.histogramSeries).map((s) => cleanSeries(s, floor, note))
  run.files = dropKept(run.files).filter((f) => {
    if (isFileThere(f.input)) return true
    note(`'${f.path}': file ${String(f.input)} is missing`)
    return false
  })
  run.fileSets = dropKept(run.fileSets).filter((f) => {
    if (existsSync(f.dir) && statSync(f.dir).isDirectory()) return true
    note(`'${f.path}': directory ${f.dir} is missing`)
    return false
  })
  run.fileSeries = dropKept(run.fileSeries).map((series) => {
    let last = floor
    const entries = series.entries.filter((e) => {
      if (!isFileThere(e.input))
        return (note(`'${series.path}' step ${e.step}: file ${String(e.input)} is missing`), false)
      if (!(e.step > last)) return (note(`'${series.path}' step ${e.step} is not after step ${last}`), false)
      last = e.step
      return true
    })
    return { path: series.path, entries }
  })
}
