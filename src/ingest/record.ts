/**
 * The plain "imported run" record every importer reads its source into, before anything is written: a
 * stable identity, sys values, atoms, series with their steps and timestamps, string sets, files and a
 * fork parent. The shared apply step (apply.ts) writes records into a project.
 *
 * @example
 * const run = emptyRun('neptune', 'neptune:ws/proj/SAN-1', 'SAN-1')
 * run.atoms.push({ path: 'parameters/lr', value: 0.01 })
 * run.floatSeries.push({ path: 'train/loss', steps: [0, 1], timestamps: [t0, t1], values: [0.9, 0.7] })
 */
import { createHash } from 'node:crypto'
import type { Histogram, ImportRunSys } from '../index.js'

/** An atom value: number (Float), bigint (Integer), boolean, string or Date (Datetime). */
export type ImportedAtomValue = number | bigint | boolean | string | Date

/** A series read from the source: parallel arrays, steps strictly increasing. */
export interface ImportedSeries<T> {
  path: string
  steps: number[]
  /** Milliseconds since the epoch. */
  timestamps: number[]
  values: T[]
}

/** A file to store: a path on disk or bytes, with the name to record. */
export interface ImportedFile {
  path: string
  input: string | Uint8Array
  name?: string
}

/** One entry of a file series. */
export interface ImportedFileEntry {
  step: number
  timestamp: number
  input: string | Uint8Array
  name?: string
}

/** Everything an importer knows about one run. */
export interface ImportedRun {
  /** 'neptune', 'mlflow', 'tensorboard' or 'ultralytics'. */
  source: string
  /** The source's stable id of the run, like 'neptune:ws/proj/SAN-1'; the uuid derives from it. */
  key: string
  uuid: string
  /** The run's id in the source (kept as import/original_id). */
  originalId: string
  sys: ImportRunSys
  experiment?: string
  /** The parent's key and the fork step. */
  forkFrom?: { key: string; step: number }
  atoms: { path: string; value: ImportedAtomValue }[]
  stringSets: { path: string; values: string[] }[]
  floatSeries: ImportedSeries<number>[]
  stringSeries: ImportedSeries<string>[]
  /** Histogram series (Neptune 3.x `histogram_series`). */
  histogramSeries: ImportedSeries<Histogram>[]
  files: ImportedFile[]
  /** Directories stored as FileSets (every file under `dir`). */
  fileSets: { path: string; dir: string }[]
  fileSeries: { path: string; entries: ImportedFileEntry[] }[]
}

/**
 * A UUID (version-8 layout) from the sha256 of `key`: the same source id always gives the same uuid.
 *
 * @example
 * stableUuid('neptune:ws/proj/SAN-1')   // '3c1f…-…', the same on every machine
 */
export function stableUuid(key: string): string {
  const hex = createHash('sha256').update(key, 'utf8').digest('hex')
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** A record with no data yet. */
export function emptyRun(source: string, key: string, originalId: string): ImportedRun {
  return {
    source,
    key,
    uuid: stableUuid(key),
    originalId,
    sys: {},
    atoms: [],
    stringSets: [],
    floatSeries: [],
    stringSeries: [],
    histogramSeries: [],
    files: [],
    fileSets: [],
    fileSeries: [],
  }
}

/** Points in a record (series points and file-series entries). */
export function pointCount(run: ImportedRun): number {
  let n = 0
  for (const s of run.floatSeries) n += s.values.length
  for (const s of run.stringSeries) n += s.values.length
  for (const s of run.histogramSeries) n += s.values.length
  for (const s of run.fileSeries) n += s.entries.length
  return n
}

/** A series sorted by step (stable: equal steps keep their order, for validation to report). */
export function sortByStep<T>(s: ImportedSeries<T>): ImportedSeries<T> {
  const order = s.steps.map((_, i) => i).sort((a, b) => s.steps[a]! - s.steps[b]! || a - b)
  return {
    path: s.path,
    steps: order.map((i) => s.steps[i]!),
    timestamps: order.map((i) => s.timestamps[i]!),
    values: order.map((i) => s.values[i]!),
  }
}
