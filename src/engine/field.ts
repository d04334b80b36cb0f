/**
 * A handle on one field of a run, created lazily by `run.field(path)`: nothing is stored until the first
 * write, which fixes the field's type. Read methods flush the run's buffered writes first, so a process
 * always reads what it wrote.
 *
 * @example
 * run.field('metrics/acc').append(0.76)
 * run.field('metrics/acc').fetchLast()                       // 0.76
 * run.field('config/activation').assign('ELU')
 * run.field('data/splits').add(['train', 'val'])
 * await run.field('model/weights').upload('out/w.pt')        // File; see docs/files.md
 * await run.field('images/pred').appendFile('pred.png')       // FileSeries
 */
import { decodeAtom, decodeStringSet, floatFromCells } from './fields/atom-codec.js'
import { assignValues } from './fields/assign.js'
import { InvalidValueError, NotFoundError } from './errors.js'
import { fieldTypeConflict, valueConflict, wrongFieldType } from './fields/errors.js'
import { fieldsUnder, getField, listFields, type FieldRow } from './fields/store.js'
import { isAtom, isFileType, type FieldType } from './fields/types.js'
import { didYouMean } from './suggest.js'
import { checkPath } from './fields/paths.js'
import { readFloatSeries, readStringSeries } from './runs/series-reads.js'
import type { SeriesPoints } from './series/codec.js'
import type { AtomValue } from './fields/values.js'
import { parseStored, type ArtifactManifest, type ArtifactSummary, type FileInfo, type FileSeriesEntry, type FileSetMember, type TrackedFile } from './files/entries.js'
import { fetchArtifactFiles, fetchArtifactHash, summarizeArtifact, trackFiles, type TrackFilesOptions } from './files/artifact.js'
import { decodeFile, downloadFile, uploadFile, type UploadOptions } from './files/file.js'
import { appendFile, downloadSeries, lastEntry, listEntries, type FileAppendOptions } from './files/file-series.js'
import { decodeFileSet, deleteFiles, downloadFileSet, listFiles, uploadFiles, type UploadFilesOptions } from './files/file-set.js'
import type { FileInput } from './files/source.js'
import type { FileHost } from './files/host.js'

/** What a field handle needs from its run: the same as the file functions need (files/host.ts). */
export type FieldHost = FileHost

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

/** Options of append(). */
export interface AppendOptions {
  step?: number
  /** A Date, or milliseconds since the epoch (default: now). */
  timestamp?: Date | number
}

/** Options of extend(). */
export interface ExtendOptions {
  steps?: readonly number[]
  timestamps?: readonly (Date | number)[]
}

/** What any field value reads back as: atoms, a StringSet's strings, a File's info, a FileSet's files, an Artifact's summary. */
export type FieldValue = AtomValue | string[] | FileInfo | FileSetMember[] | ArtifactSummary

/** The read methods of a field: what a read-only run hands out. */
export interface ReadonlyField {
  readonly path: string
  /** The field's type, or undefined if it does not exist. */
  type(): FieldType | undefined
  exists(): boolean
  fetch(): FieldValue
  fetchLast(): number | string | FileSeriesEntry
  fetchValues(range?: StepRange): SeriesPoints | StringPoints
  /** FileSeries: the entries with from <= step <= to. */
  list(range?: StepRange): FileSeriesEntry[]
  /** FileSet: its files. */
  listFiles(): FileSetMember[]
  /** File, FileSet or FileSeries: writes the stored files out; returns the paths written. */
  download(dest?: string): Promise<string[]>
  /** Artifact: the one hash of its files. */
  fetchHash(): string
  /** Artifact: the files it tracks. */
  fetchFilesList(): TrackedFile[]
}

/** Milliseconds since the epoch of a Date or number. */
export function toMs(time: Date | number | undefined, path: string): number {
  if (time === undefined) return Date.now()
  const ms = time instanceof Date ? time.getTime() : time
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new InvalidValueError('INVALID_TIMESTAMP', `timestamp ${String(time)} of '${path}' is not a valid time`, {
      hint: 'Pass a Date or a number of milliseconds since the epoch, or leave the timestamp out.',
    })
  }
  return ms
}

/** A float-series value: numbers as they are, bigints converted, anything else refused. */
function floatOf(path: string, value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  throw valueConflict(path, 'FloatSeries', 'append', value, 'Append numbers to a FloatSeries; log strings to another path (a StringSeries).')
}

/** A handle on the field at one path. */
export class Field implements ReadonlyField {
  readonly path: string

  constructor(
    private readonly host: FieldHost,
    path: string,
  ) {
    this.path = checkPath(path, 'read')
  }

  // ---- reading ----

  private read<T>(fn: (row: FieldRow | undefined) => T): T {
    this.host.sync()
    return this.host.database.read((db) => fn(getField(db, this.host.rowId, this.path)))
  }

  private required(row: FieldRow | undefined): FieldRow {
    if (row) return row
    const paths = this.host.database.read((db) => listFields(db, this.host.rowId).map((r) => r.path))
    const guess = didYouMean(this.path, paths)
    throw new NotFoundError('FIELD_NOT_FOUND', `the run has no field '${this.path}'`, {
      hint: guess ? `Did you mean '${guess}'?` : 'Check the path with run.structure(), or write the field first.',
    })
  }

  private wrongType(method: string, type: string, want: string): never {
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

  type(): FieldType | undefined {
    return this.read((row) => row?.type as FieldType | undefined)
  }

  exists(): boolean {
    this.host.sync()
    return this.host.database.read((db) => fieldsUnder(db, this.host.rowId, this.path).length > 0)
  }

  /** The value of an atom or a string set; the last value of a series. */
  fetch(): FieldValue {
    return this.read((r) => decodeRow(this.required(r)))
  }

  /** The last value of a series; for a FileSeries, its last entry. */
  fetchLast(): number | string | FileSeriesEntry {
    const last = this.read((r) => {
      const row = this.required(r)
      if (row.type === 'FloatSeries') return floatFromCells(row.last, row.lastBits)
      if (row.type === 'StringSeries') return row.text ?? ''
      if (row.type === 'FileSeries') return undefined
      return this.wrongType('fetchLast', row.type, 'FloatSeries, StringSeries or FileSeries')
    })
    return last ?? lastEntry(this.host, this.path)!
  }

  /** The points of a series with from <= step <= to, as parallel columns. */
  fetchValues(range: StepRange = {}): SeriesPoints | StringPoints {
    const { from = -Infinity, to = Infinity } = range
    return this.read((r) => {
      const row = this.required(r)
      const db = this.host.database.db
      if (row.type === 'FloatSeries') return readFloatSeries(db, this.host.rowId, this.path, from, to)
      if (row.type === 'StringSeries') {
        const points = readStringSeries(db, this.host.rowId, this.path, from, to)
        return { steps: Float64Array.from(points.steps), values: points.values, timestamps: Float64Array.from(points.timestamps) }
      }
      return this.wrongType('fetchValues', row.type, 'FloatSeries or StringSeries')
    })
  }

  // ---- files (docs/files.md; the work is in files/) ----

  /** FileSeries: the entries with from <= step <= to, in step order. */
  list(range: StepRange = {}): FileSeriesEntry[] {
    return listEntries(this.host, this.path, range.from, range.to)
  }

  /** FileSet: its files, sorted by path. */
  listFiles(): FileSetMember[] {
    return listFiles(this.host, this.path)
  }

  /**
   * Writes the stored files out, checking each hash; returns the paths written. A File goes to `dest`
   * (default: its name in the working directory; into `dest` if that is a directory); a FileSet's files
   * go under `dest` at their paths in the set; a FileSeries' entries go under `dest` as `<step>-<name>`.
   */
  async download(dest?: string): Promise<string[]> {
    const { type } = this.read((r) => this.required(r))
    if (type === 'File') return [await downloadFile(this.host, this.path, dest)]
    if (type === 'FileSet') return downloadFileSet(this.host, this.path, dest)
    if (type === 'FileSeries') return downloadSeries(this.host, this.path, dest)
    return this.wrongType('download', type, 'File, FileSet or FileSeries')
  }

  /** Artifact: the one hash of its files (equal for equal files, wherever they are). */
  fetchHash(): string {
    return fetchArtifactHash(this.host, this.path)
  }

  /** Artifact: the files it tracks, sorted by path. */
  fetchFilesList(): TrackedFile[] {
    return fetchArtifactFiles(this.host, this.path)
  }

  // ---- writing ----

  /** Sets an atom (or, for an object, the fields under this namespace; for a string array, a StringSet). */
  assign(value: unknown): void {
    assignValues(this.host.writer(), this.path, value)
  }

  private seriesType(value: unknown): FieldType {
    const writer = this.host.writer()
    checkPath(this.path, 'write')
    const existing = writer.typeOf(this.path)
    if (existing === 'FloatSeries' || existing === 'StringSeries') return existing
    if (existing === 'FileSeries' || value instanceof Uint8Array) {
      throw fieldTypeConflict(
        `'${this.path}' ${existing === 'FileSeries' ? 'is a FileSeries' : 'takes files'}; append() and extend() cannot add ${typeof value} values to it`,
        'Add files one at a time: await field.appendFile(path) or await field.append(buffer).',
      )
    }
    if (existing !== undefined) {
      throw fieldTypeConflict(
        `'${this.path}' is a ${existing} field; append() needs a series`,
        isAtom(existing) ? 'Use assign() to change an atom, or append to another path.' : 'Use add()/remove() on a StringSet.',
      )
    }
    if (typeof value === 'number' || typeof value === 'bigint') return 'FloatSeries'
    if (typeof value === 'string') return 'StringSeries'
    throw new InvalidValueError('INVALID_VALUE', `cannot append a ${value === null ? 'null' : typeof value} to '${this.path}'`, {
      hint: 'Series hold numbers (FloatSeries) or strings (StringSeries).',
    })
  }

  private appendOne(type: FieldType, value: unknown, step: number | undefined, time: number): void {
    const writer = this.host.writer()
    if (type === 'FloatSeries') writer.appendFloat(this.path, floatOf(this.path, value), step, time)
    else if (typeof value === 'string') writer.appendString(this.path, value, step, time)
    else {
      throw valueConflict(this.path, 'StringSeries', 'append', value, 'Append strings to a StringSeries; log numbers to another path (a FloatSeries).')
    }
  }

  /**
   * Adds a point; the step defaults to the last step + 1 (0 for the first point). Numbers and strings
   * are buffered synchronously (FloatSeries, StringSeries). A Buffer is a file: it is stored and
   * appended to a FileSeries, and the call returns a promise to await. A string is always text, never a
   * path: append a file by path with appendFile(path).
   */
  append(value: number | bigint | string, options?: AppendOptions): void
  append(value: Uint8Array, options?: FileAppendOptions): Promise<void>
  append(value: number | bigint | string | Uint8Array, options: FileAppendOptions = {}): void | Promise<void> {
    if (value instanceof Uint8Array) return this.appendFile(value, options)
    this.appendOne(this.seriesType(value), value, options.step, toMs(options.timestamp, this.path))
  }

  /**
   * FileSeries: stores the file at a path (or a Buffer's bytes) and appends it at `options.step`
   * (default last + 1), with an optional name and description. Neptune's `append(File(path))`.
   */
  async appendFile(input: FileInput, options: FileAppendOptions = {}): Promise<void> {
    return appendFile(this.host, checkPath(this.path, 'write'), input, options, toMs(options.timestamp, this.path))
  }

  /** File: stores a file (a path, or a Buffer's bytes) as this field's value, replacing the previous one. */
  async upload(input: FileInput, options: UploadOptions = {}): Promise<FileInfo> {
    return uploadFile(this.host, checkPath(this.path, 'write'), input, options)
  }

  /** FileSet: stores the files matching `globs` (relative to `cwd`) and adds them to the set; returns those added. */
  async uploadFiles(globs: string | readonly string[], options: UploadFilesOptions = {}): Promise<FileSetMember[]> {
    return uploadFiles(this.host, checkPath(this.path, 'write'), globs, options)
  }

  /** FileSet: removes files (or every file under a directory) from the set; returns how many. */
  deleteFiles(paths: string | readonly string[]): number {
    return deleteFiles(this.host, checkPath(this.path, 'write'), paths)
  }

  /** Artifact: records a file, a directory's files or a glob's matches by path, size, mtime and hash, without copying. */
  async trackFiles(pathOrGlob: string, options: TrackFilesOptions = {}): Promise<ArtifactManifest> {
    return trackFiles(this.host, checkPath(this.path, 'write'), pathOrGlob, options)
  }

  /** Adds several points; `steps` and `timestamps`, when given, match `values` in length. */
  extend(values: readonly (number | bigint | string)[], options: ExtendOptions = {}): void {
    if (values.length === 0) return
    const { steps, timestamps } = options
    for (const [name, list] of [['steps', steps], ['timestamps', timestamps]] as const) {
      if (list !== undefined && list.length !== values.length) {
        throw new InvalidValueError('LENGTH_MISMATCH', `extend('${this.path}'): ${values.length} values but ${list.length} ${name}`, {
          hint: `Pass one ${name.slice(0, -1)} per value, or leave ${name} out.`,
        })
      }
    }
    const type = this.seriesType(values[0])
    const now = Date.now()
    values.forEach((value, i) => this.appendOne(type, value, steps?.[i], timestamps ? toMs(timestamps[i], this.path) : now))
  }

  /** Adds strings to a StringSet. */
  add(values: string | readonly string[]): void {
    const list = this.strings(values)
    this.host.writer().editSet(this.path, (set) => list.forEach((v) => set.add(v)))
  }

  /** Removes strings from a StringSet. */
  remove(values: string | readonly string[]): void {
    const list = this.strings(values)
    this.host.writer().editSet(this.path, (set) => list.forEach((v) => set.delete(v)))
  }

  /** Empties a StringSet. */
  clear(): void {
    this.host.writer().editSet(this.path, (set) => set.clear())
  }

  /** Deletes the field (or namespace) with its points. */
  delete(): void {
    this.host.writer().delete(checkPath(this.path, 'write'))
  }

  private strings(values: string | readonly string[]): readonly string[] {
    const list = typeof values === 'string' ? [values] : values
    if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) {
      throw new InvalidValueError('INVALID_VALUE', `a StringSet takes strings; got ${String(values)} for '${this.path}'`, {
        hint: 'Pass a string or an array of strings.',
      })
    }
    return list
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
