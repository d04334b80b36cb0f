/**
 * Turns the rows of one exported run (all its parts, in order) into an imported-run record: sys fields
 * into the run's identity, other sys fields under `import/sys/`, atoms, string sets, float and string
 * series, histograms (HistogramSeries), files, file series, file sets and artifact manifests.
 *
 * @example
 * const record = partsToRecord([{ file, columns }], { filesRoot: 'exports/files/ws_proj-…' }, report)
 */
import { basename, join } from 'node:path'
import type { Histogram } from '../../index.js'
import { emptyRun, sortByStep, type ImportedRun, type ImportedSeries } from '../record.js'
import { skip, type ImportReport } from '../report.js'
import type { PartColumns } from './read-part.js'

/** Where the exporter's downloaded files are (`<files>/<sanitized project>`). */
export interface RecordContext {
  filesRoot: string
}

/** One row of a part: its columns and index (rows are never copied into objects). */
interface Row {
  c: PartColumns
  i: number
}

const MS = (v: unknown): number | undefined => (v instanceof Date ? v.getTime() : undefined)

/** sys fields that become the run's identity; every other sys field is kept under import/sys/. */
function applySys(record: ImportedRun, path: string, value: unknown, project: string): boolean {
  const sys = record.sys
  switch (path) {
    case 'sys/id':
      record.originalId = String(value)
      return true
    case 'sys/custom_run_id':
      if (typeof value === 'string' && value !== '') sys.customRunId = value
      return true
    case 'sys/name':
      sys.name = String(value)
      return true
    case 'sys/description':
      sys.description = String(value)
      return true
    case 'sys/tags':
      if (Array.isArray(value)) sys.tags = value.map(String)
      return true
    case 'sys/owner':
      sys.owner = String(value)
      return true
    case 'sys/hostname':
      sys.hostname = String(value)
      return true
    case 'sys/failed':
      sys.failed = value === true
      return true
    case 'sys/creation_time':
      if (value instanceof Date) sys.creationTime = value
      return value instanceof Date
    case 'sys/ping_time':
      if (value instanceof Date) sys.pingTime = value
      return value instanceof Date
    case 'sys/running_time':
    case 'sys/running_time_seconds':
      sys.runningTime = Number(value)
      return true
    case 'sys/experiment/name':
      if (typeof value === 'string' && value !== '') record.experiment = value
      return true
    case 'sys/forking/parent':
      if (typeof value === 'string' && value !== '')
        record.forkFrom = { key: `neptune:${project}/${value}`, step: record.forkFrom?.step ?? 0 }
      return true
    case 'sys/forking/step':
      record.forkFrom = { key: record.forkFrom?.key ?? '', step: Number(value) }
      return true
    default:
      return false
  }
}

function series<T>(map: Map<string, ImportedSeries<T>>, path: string): ImportedSeries<T> {
  let s = map.get(path)
  if (!s) map.set(path, (s = { path, steps: [], timestamps: [], values: [] }))
  return s
}

/** The record of one run from its parts' rows; problems are reported as skips naming file and row. */
export function partsToRecord(
  parts: readonly { file: string; columns: PartColumns }[],
  context: RecordContext,
  report: ImportReport,
): ImportedRun {
  const first = parts[0]!.columns
  const project = String(first.project_id[0] ?? '')
  const runId = String(first.run_id[0] ?? '')
  const record = emptyRun('neptune', `neptune:${project}/${runId}`, runId)
  const floats = new Map<string, ImportedSeries<number>>()
  const strings = new Map<string, ImportedSeries<string>>()
  const histograms = new Map<string, ImportedSeries<Histogram>>()
  const fileSeries = new Map<string, ImportedRun['fileSeries'][number]>()
  const fallbackTime = () => record.sys.creationTime?.getTime() ?? 0
  // sys rows first: the creation time is the timestamp of v2 file-series entries that have none
  for (const { columns: c } of parts) {
    for (let i = 0; i < c.rows; i++) {
      const path = String(c.attribute_path[i])
      if (path.startsWith('sys/')) applySys(record, path, valueOf({ c, i }), project)
    }
  }
  for (const { file, columns: c } of parts) for (let i = 0; i < c.rows; i++) readRow({ c, i }, file)
  function readRow(row: Row, file: string): void {
    const { c, i } = row
    const path = String(c.attribute_path[i])
    const type = String(c.attribute_type[i])
    const where = { file, row: i, run: runId }
    const value = valueOf(row)
    if (value === null || value === undefined) {
      skip(report, { ...where, reason: `'${path}' (${type}) has no value` })
      return
    }
    const rawStep = c.step[i]
    const step = typeof rawStep === 'number' ? rawStep : Number(rawStep)
    const time = MS(c.timestamp[i]) ?? fallbackTime()
    if (path.startsWith('sys/') && IDENTITY_SYS.has(path)) return
    const target = path.startsWith('sys/') ? `import/${path}` : path
    switch (type) {
      case 'float':
      case 'int':
      case 'string':
      case 'bool':
      case 'datetime':
        record.atoms.push({ path: target, value: value as number })
        break
      case 'string_set':
        record.stringSets.push({ path: target, values: value as string[] })
        break
      case 'float_series':
        pushPoint(series(floats, target), step, time, value as number)
        break
      case 'string_series':
        pushPoint(series(strings, target), step, time, value as string)
        break
      case 'histogram_series':
        pushPoint(series(histograms, target), step, time, value as Histogram)
        break
      case 'file':
      case 'artifact': {
        const input = join(context.filesRoot, (value as { path: string }).path)
        record.files.push({ path: target, input, name: basename(input) })
        break
      }
      case 'file_set':
        record.fileSets.push({ path: target, dir: join(context.filesRoot, (value as { path: string }).path) })
        break
      case 'file_series': {
        let s = fileSeries.get(target)
        if (!s) fileSeries.set(target, (s = { path: target, entries: [] }))
        const input = join(context.filesRoot, (value as { path: string }).path)
        s.entries.push({ step, timestamp: time, input, name: basename(input) })
        break
      }
      default:
        skip(report, {
          ...where,
          reason: `'${path}' has attribute_type '${type}', which Nereid does not import`,
        })
    }
  }
  record.floatSeries = [...floats.values()].map(sortByStep)
  record.stringSeries = [...strings.values()].map(sortByStep)
  record.histogramSeries = [...histograms.values()].map(sortByStep)
  record.fileSeries = [...fileSeries.values()].map((s) => ({
    path: s.path,
    entries: [...s.entries].sort((a, b) => a.step - b.step),
  }))
  if (record.forkFrom && record.forkFrom.key === '') record.forkFrom = undefined
  return record
}

const IDENTITY_SYS = new Set([
  'sys/id',
  'sys/custom_run_id',
  'sys/name',
  'sys/description',
  'sys/owner',
  'sys/hostname',
  'sys/failed',
  'sys/creation_time',
  'sys/ping_time',
  'sys/running_time',
  'sys/running_time_seconds',
  'sys/experiment/name',
  'sys/forking/parent',
  'sys/forking/step',
  'sys/tags',
])

function pushPoint<T>(s: ImportedSeries<T>, step: number, time: number, value: T): void {
  s.steps.push(step)
  s.timestamps.push(time)
  s.values.push(value)
}

/** The value column the row's attribute_type names. */
function valueOf({ c, i }: Row): unknown {
  switch (String(c.attribute_type[i])) {
    case 'float':
    case 'float_series':
      return c.float_value[i]
    case 'int':
      return typeof c.int_value[i] === 'number' ? BigInt(c.int_value[i] as number) : c.int_value[i]
    case 'string':
    case 'string_series':
      return c.string_value[i]
    case 'bool':
      return c.bool_value[i]
    case 'datetime':
      return c.datetime_value[i]
    case 'string_set':
      return c.string_set_value[i]
    case 'histogram_series':
      return c.histogram_value[i]
    case 'file':
    case 'file_series':
    case 'file_set':
    case 'artifact':
      return c.file_value[i]
    default:
      return (
        c.string_value[i] ??
        c.float_value[i] ??
        c.int_value[i] ??
        c.bool_value[i] ??
        c.datetime_value[i] ??
        c.string_set_value[i] ??
        c.file_value[i] ??
        ''
      )
  }
}
