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
import { NotFoundError } from './errors.js'
import { decodeAtom, decodeStringSet, floatFromCells } from './fields/atom-codec.js'
import { wrongFieldType } from './fields/errors.js'
import { fieldsUnder, getField, listFields, type FieldRow } from './fields/store.js'
import { isAtom, isFileType, type FieldType } from './fields/types.js'
import type { AtomValue } from './fields/values.js'
import { checkPath } from './fields/paths.js'
import type { SeriesPoints } from './series/codec.js'
import { readFloatSeries, readStringSeries } from './runs/series-reads.js'
import type { RunContext } from './runs/context.js'
import { didYouMean } from './suggest.js'
import { parseStored, type ArtifactSummary, type FileInfo, type FileSeriesEntry, type FileSetMember, type TrackedFile } from './files/entries.js'
import { fetchArtifactFiles, fetchArtifactHash, summarizeArtifact } from './files/artifact.js'
import { decodeFile, downloadFile } from './files/file.js'
import { downloadSeries, lastEntry, listEntries } from './files/file-series.js'
import { decodeFileSet, downloadFileSet, listFiles } from './files/file-set.js'

/** A step range, both ends included. */
export interface StepRange {
  from?: number
  to?: number
}

/** Points of a string series. */
export interface StringPoints {
  steps: Float64Array
  values: string[]
  timestamps: Float64Array
}

/** What any field value reads back as: atoms, a StringSet's strings, a File's info, a FileSet's files, an Artifact's summary. */
export type FieldValue = AtomValue | string[] | FileInfo | FileSetMember[] | ArtifactSummary

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
      hint: guess ? `Did you mean '${guess}'?` : 'Check the path with run.structure(), or write the field first.',
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
  fetchLast(): number | string | FileSeriesEntry {
    const last = this.#read((r) => {
      const row = this.#required(r)
      if (row.type === 'FloatSeries') return floatFromCells(row.last, row.lastBits)
      if (row.type === 'StringSeries') return row.text ?? ''
      if (row.type === 'FileSeries') return undefined
      return this.#wrongType('fetchLast', row.type, 'FloatSeries, StringSeries or FileSeries')
    })
    return last ?? lastEntry(this.#run, this.path)!
  }

  /** The points of a series with from <= step <= to, as parallel columns. */
  fetchValues(range: StepRange = {}): SeriesPoints | StringPoints {
    const { from = -Infinity, to = Infinity } = range
    return this.#read((r) => {
      const row = this.#required(r)
      const db = this.#run.database.db
      if (row.type === 'FloatSeries') return readFloatSeries(db, this.#run.rowId, this.path, from, to)
      if (row.type === 'StringSeries') {
        const points = readStringSeries(db, this.#run.rowId, this.path, from, to)
        return { steps: Float64Array.from(points.steps), values: points.values, timestamps: Float64Array.from(points.timestamps) }
      }
      return this.#wrongType('fetchValues', row.type, 'FloatSeries or StringSeries')
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
   * go under `dest` at their paths in the set; a FileSeries' entries go under `dest` as `<step>-<name>`.
   */
  async download(dest?: string): Promise<string[]> {
    const { type } = this.#read((r) => this.#required(r))
    if (type === 'File') return [await downloadFile(this.#run, this.path, dest)]
    if (type === 'FileSet') return downloadFileSet(this.#run, this.path, dest)
    if (type === 'FileSeries') return downloadSeries(this.#run, this.path, dest)
    return this.#wrongType('download', type, 'File, FileSet or FileSeries')
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
  if (type === 'File') return decodeFile(row.text, row.path)
  if (type === 'FileSet') return decodeFileSet(row.text, row.path)
  if (type === 'Artifact') return summarizeArtifact(row.text, row.path)
  if (type === 'FileSeries') {
    const { hash, size, mime, name } = parseStored<FileInfo>(row.text, `'${row.path}'`)
    return { hash, size, mime, name }
  }
  return row.text ?? ''
}
