/**
 * The read side of a field handle: what `view.field(path)` hands out on a read-only run, and what a
 * writable `Field` extends. It has no write method at all, so a read-only run's fields cannot write, by
 * type or at run time. Reads flush the run's buffered writes first (for a writable run), so a process
 * always reads what it wrote.
 *
 * @example
 * const acc = project.runs.get('DEMO-1').field('metrics/acc')
 * acc.fetchLast()                      // 0.91
 * acc.fetchValues({ from: 10, to: 20 }) // { steps, values, timestamps } as Float64Arrays
 */
import { InvalidOptionError, NotFoundError } from './errors.js'
import { rejectUnknownKeys } from './options.js'
import { decodeAtom, decodeStringSet, floatFromCells } from './fields/atom-codec.js'
import { wrongFieldType } from './fields/errors.js'
import { fieldsUnder, getField, listFields, type FieldRow } from './fields/store.js'
import { isAtom, isFileType, type FieldType } from './fields/types.js'
import type { AtomValue } from './fields/values.js'
import { checkPath } from './fields/paths.js'
import { markStored } from './fields/stored-value.js'
import { decodeHistogram, type Histogram } from './fields/histogram.js'
import type { SeriesPoints } from './series/codec.js'
import { readFloatBuckets, readFloatSeries, readStringSeries, type FloatRead } from './runs/series-reads.js'
import type { RunContext } from './runs/context.js'
import { didYouMean } from './suggest.js'
import {
  parseStored,
  type ArtifactSummary,
  type FileInfo,
  type FileSeriesEntry,
  type FileSetMember,
  type TrackedFile,
} from './files/entries.js'
import { fetchArtifactFiles, fetchArtifactHash, summarizeArtifact } from './files/artifact.js'
import { decodeFile, downloadFile } from './files/file.js'
import { downloadArtifact } from './files/artifact-download.js'
import { downloadLastEntry, downloadSeries, lastEntry, listEntries } from './files/file-series.js'
import { decodeFileSet, downloadFileSet, listFiles } from './files/file-set.js'

/** A step range, both ends included; `after` keeps only the points past a step (live refresh). */
export interface StepRange {
  from?: number
  to?: number
  /** Only points with a step greater than this (the last step a client already holds). */
  after?: number
}

/** Options of fetchBuckets(). */
export interface BucketOptions {
  /** First step of the range (default: the series' first step). */
  from?: number
  /** Last step of the range (default: the series' last step). */
  to?: number
  /** How many equal step ranges (a chart's width in pixels; 1 to 100,000). */
  buckets: number
}

const RANGE_KEYS = ['from', 'to', 'after']
const BUCKET_KEYS = ['from', 'to', 'buckets']

function checkStep(where: string, name: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || Number.isNaN(value))) {
    throw new InvalidOptionError(
      'INVALID_OPTION',
      `${where}: '${name}' must be a number, got ${typeof value} ${String(value)}`,
      {
        hint: `Pass a step number as ${name}, or leave it out.`,
      },
    )
  }
}

function checkRange(where: string, options: object, keys: readonly string[]): void {
  rejectUnknownKeys(options, keys, `${where} options`)
  for (const key of ['from', 'to', 'after']) checkStep(where, key, (options as Record<string, unknown>)[key])
}

/** Points of a string series. */
export interface StringPoints {
  steps: Float64Array
  values: string[]
  timestamps: Float64Array
}

/** The points of a HistogramSeries: a histogram per step. */
export interface HistogramPoints {
  steps: Float64Array
  values: Histogram[]
  timestamps: Float64Array
}

/** What any field value reads back as: atoms, a StringSet's strings, a File's info, a FileSet's files, an Artifact's summary. */
export type FieldValue = AtomValue | string[] | FileInfo | FileSetMember[] | ArtifactSummary | Histogram

/** Read access to the field at one path. */
export class FieldView {
  readonly path: string
  readonly #run: RunContext

  /** Made by `run.field(path)`; not meant to be called directly. */
  constructor(run: RunContext, path: string) {
    this.#run = run
    this.path = checkPath(path, 'read')
  }

  #read<T>(fn: (row: FieldRow | undefined) => T): T {
    this.#run.sync()
    return this.#run.database.read((db) => fn(getField(db, this.#run.rowId, this.path)))
  }

  #required(row: FieldRow | undefined): FieldRow {
    if (row) return row
    const paths = this.#run.database.read((db) => listFields(db, this.#run.rowId).map((r) => r.path))
    const guess = didYouMean(this.path, paths)
    throw new NotFoundError('FIELD_NOT_FOUND', `the run has no field '${this.path}'`, {
      hint: guess
        ? `Did you mean '${guess}'?`
        : 'Check the path with run.structure(), or write the field first.',
    })
  }

  #wrongType(method: string, type: string, want: string): never {
    throw wrongFieldType(
      method,
      this.path,
      type,
      want,
      type === 'FloatSeries' || type === 'StringSeries'
        ? 'Read a series with fetchLast() or fetchValues().'
        : isFileType(type)
          ? 'Each file type has its own read methods: File fetch()/download(), FileSet listFiles(), FileSeries list()/fetchLast(), Artifact fetchHash()/fetchFilesList() (docs/files.md).'
          : 'Read an atom or a set with fetch().',
    )
  }

  /** The field's type, or undefined if it does not exist. */
  type(): FieldType | undefined {
    return this.#read((row) => row?.type as FieldType | undefined)
  }

  /** True if the field (or a namespace at this path) exists. */
  exists(): boolean {
    this.#run.sync()
    return this.#run.database.read((db) => fieldsUnder(db, this.#run.rowId, this.path).length > 0)
  }

  /** The value of an atom or a string set; the last value of a series. */
  fetch(): FieldValue {
    return this.#read((r) => decodeRow(this.#required(r)))
  }

  /** The last value of a series; for a FileSeries, its last entry. */
  fetchLast(): number | string | Histogram | FileSeriesEntry {
    const last = this.#read((r) => {
      const row = this.#required(r)
      if (row.type === 'FloatSeries') return floatFromCells(row.last, row.lastBits)
      if (row.type === 'StringSeries') return row.text ?? ''
      if (row.type === 'HistogramSeries') return decodeHistogram(row.text ?? '')
      if (row.type === 'FileSeries') return undefined
      return this.#wrongType(
        'fetchLast',
        row.type,
        'FloatSeries, StringSeries, HistogramSeries or FileSeries',
      )
    })
    return last ?? lastEntry(this.#run, this.path)!
  }

  /**
   * The points of a series with from <= step <= to (and step > after, when given), as parallel columns.
   *
   * @example
   * field.fetchValues({ from: 10, to: 20 })   // { steps, values, timestamps }
   * field.fetchValues({ after: 99 })          // only what was logged after step 99
   */
  fetchValues(range: StepRange = {}): SeriesPoints | StringPoints | HistogramPoints {
    checkRange('fetchValues()', range, RANGE_KEYS)
    const { after } = range
    const from = after === undefined ? (range.from ?? -Infinity) : Math.max(range.from ?? -Infinity, after)
    const to = range.to ?? Infinity
    const points = this.#read((r) => {
      const row = this.#required(r)
      const db = this.#run.database.db
      if (row.type === 'FloatSeries') return readFloatSeries(db, this.#run.rowId, this.path, from, to)
      if (row.type === 'StringSeries' || row.type === 'HistogramSeries') {
        const read = readStringSeries(db, this.#run.rowId, this.path, from, to)
        const columns = {
          steps: Float64Array.from(read.steps),
          timestamps: Float64Array.from(read.timestamps),
        }
        return row.type === 'HistogramSeries'
          ? ({ ...columns, values: read.values.map(decodeHistogram) } as HistogramPoints)
          : ({ ...columns, values: read.values } as StringPoints)
      }
      return this.#wrongType('fetchValues', row.type, 'FloatSeries, StringSeries or HistogramSeries')
    })
    if (after === undefined || points.steps[0] !== after) return points
    return {
      steps: points.steps.subarray(1),
      values: points.values.slice(1),
      timestamps: points.timestamps.subarray(1),
    } as SeriesPoints | StringPoints | HistogramPoints
  }

  /**
   * A float series over [from, to] as `buckets` equal step ranges, each with its exact count, min, max,
   * first, last and sum — every spike survives — read from level-of-detail blocks in O(buckets + chunks),
   * not point by point; when at most 2 × buckets points fall in the range, the points themselves.
   *
   * @example
   * field.fetchBuckets({ buckets: 1000 })   // { mode: 'buckets', from, to, buckets: { start, end, min, max, last, … } }
   */
  fetchBuckets(options: BucketOptions): FloatRead {
    checkRange('fetchBuckets()', options, BUCKET_KEYS)
    const n = options.buckets
    if (!Number.isInteger(n) || n < 1 || n > 100_000) {
      throw new InvalidOptionError(
        'INVALID_OPTION',
        `fetchBuckets(): 'buckets' must be a whole number from 1 to 100000, got ${String(n)}`,
        {
          hint: "Pass the chart's width in pixels, like { buckets: 1000 }.",
        },
      )
    }
    return this.#read((r) => {
      const row = this.#required(r)
      if (row.type !== 'FloatSeries') return this.#wrongType('fetchBuckets', row.type, 'FloatSeries')
      return readFloatBuckets(this.#run.database.db, this.#run.rowId, this.path, n, options.from, options.to)
    })
  }

  /** FileSeries: the entries with from <= step <= to, in step order. */
  list(range: StepRange = {}): FileSeriesEntry[] {
    return listEntries(this.#run, this.path, range.from, range.to)
  }

  /** FileSet: its files, sorted by path. */
  listFiles(): FileSetMember[] {
    return listFiles(this.#run, this.path)
  }

  /**
   * Writes the stored files out, checking each hash; returns the paths written. A File goes to `dest`
   * (default: its name in the working directory; into `dest` if that is a directory); a FileSet's files
   * go under `dest` at their paths in the set; a FileSeries' entries with from <= step <= to go under
   * `dest` as `<step>.<ext>` (the logged name stays in the entry: list()).
   */
  async download(dest?: string, range: { from?: number; to?: number } = {}): Promise<string[]> {
    if (dest !== undefined && (typeof dest !== 'string' || dest.length === 0)) {
      throw new InvalidOptionError(
        'INVALID_OPTION',
        `download() takes a destination path, got ${typeof dest === 'string' ? "''" : typeof dest}`,
        {
          hint: "Pass a path such as 'out/' (a directory) or 'out/weights.pt', or leave it out for the working directory.",
        },
      )
    }
    checkRange('download()', range, ['from', 'to'])
    const { type } = this.#read((r) => this.#required(r))
    if (type === 'File') return [await downloadFile(this.#run, this.path, dest)]
    if (type === 'FileSet') return downloadFileSet(this.#run, this.path, dest)
    if (type === 'FileSeries') return downloadSeries(this.#run, this.path, dest, range)
    if (type === 'Artifact') return downloadArtifact(this.#run, this.path, dest)
    return this.#wrongType('download', type, 'File, FileSet, FileSeries or Artifact')
  }

  /** FileSeries: writes its last kept entry into `dest` (default: the working directory) as `<step>.<ext>`; the path, or undefined. */
  async downloadLast(dest?: string): Promise<string | undefined> {
    const { type } = this.#read((r) => this.#required(r))
    if (type !== 'FileSeries') return this.#wrongType('downloadLast', type, 'FileSeries')
    return downloadLastEntry(this.#run, this.path, dest)
  }

  /** Artifact: the one hash of its files (equal for equal files, wherever they are). */
  fetchHash(): string {
    return fetchArtifactHash(this.#run, this.path)
  }

  /** Artifact: the files it tracks, sorted by path. */
  fetchFilesList(): TrackedFile[] {
    return fetchArtifactFiles(this.#run, this.path)
  }
}

/**
 * The value a field row reads back as: an atom, a set's strings, a series' last value (a FileSeries'
 * last file), a File's info, a FileSet's files, an Artifact's summary.
 */
export function decodeRow(row: FieldRow): FieldValue {
  const type = row.type as FieldType
  if (isAtom(type)) return decodeAtom(type, row)
  if (type === 'StringSet') return decodeStringSet(row.text)
  if (type === 'FloatSeries') return floatFromCells(row.last, row.lastBits)
  if (type === 'HistogramSeries') return decodeHistogram(row.text ?? '')
  if (type === 'File')
    return markStored(decodeFile(row.text, row.path), { type, num: row.num, text: row.text })
  if (type === 'FileSet') return decodeFileSet(row.text, row.path)
  if (type === 'Artifact')
    return markStored(summarizeArtifact(row.text, row.path), { type, num: row.num, text: row.text })
  if (type === 'FileSeries') {
    const { hash, size, mime, name } = parseStored<FileInfo>(row.text, `'${row.path}'`)
    return markStored({ hash, size, mime, name }, { type: 'File', num: size, text: row.text })
  }
  return row.text ?? ''
}
