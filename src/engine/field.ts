/**
 * A writable field handle, created lazily by `run.field(path)`: nothing is stored until the first write,
 * which fixes the field's type. It has every read of a FieldView, plus assign/append/extend, set edits,
 * file uploads and delete.
 *
 * @example
 * run.field('metrics/acc').append(0.76)
 * run.field('metrics/acc').fetchLast()                       // 0.76
 * run.field('config/activation').assign('ELU')
 * run.field('data/splits').add(['train', 'val'])
 * await run.field('model/weights').upload('out/w.pt')        // File; see docs/files.md
 * await run.field('images/pred').appendFile('pred.png')       // FileSeries
 */
import { InvalidPathError, InvalidValueError } from './errors.js'
import { assignValues } from './fields/assign.js'
import { fieldTypeConflict, valueConflict } from './fields/errors.js'
import { checkPath } from './fields/paths.js'
import { checkExtendLengths } from './fields/extend-lengths.js'
import { toMs } from './fields/time.js'
import { isAtom, type FieldType } from './fields/types.js'
import type { RunContext } from './runs/context.js'
import { FieldView } from './field-view.js'
import {
  checkAppendOptions,
  checkCallOptions,
  EXTEND,
  FILE_APPEND,
  TRACK_FILES,
  UPLOAD,
  UPLOAD_FILES,
} from './fields/call-options.js'
import { bigintPoint, checkString } from './fields/validate-dict.js'
import type { ArtifactManifest, FileInfo, FileSetMember } from './files/entries.js'
import { trackFiles, type TrackFilesOptions } from './files/artifact.js'
import { uploadFile, type UploadOptions } from './files/file.js'
import { appendFile, type FileAppendOptions } from './files/file-series.js'
import { deleteFiles, uploadFiles, type UploadFilesOptions } from './files/file-set.js'
import type { FileInput } from './files/source.js'
import { encodeHistogram, isHistogramLike, toHistogram, type HistogramInput } from './fields/histogram.js'

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

/** A float-series value: numbers as they are, bigints converted, anything else refused. */
function floatOf(path: string, value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return bigintPoint(path, value)
  throw valueConflict(
    path,
    'FloatSeries',
    'append',
    value,
    'Append numbers to a FloatSeries; log strings to another path (a StringSeries).',
  )
}

/** A value other than a string appended to a StringSeries. */
function stringConflict(path: string, value: unknown): Error {
  return valueConflict(
    path,
    'StringSeries',
    'append',
    value,
    'Append strings to a StringSeries; log numbers to another path (a FloatSeries).',
  )
}

/** A handle on the field at one path of a writable run. */
export class Field extends FieldView {
  readonly #run: RunContext

  /** Made by `run.field(path)`; not meant to be called directly. */
  constructor(run: RunContext, path: string) {
    super(run, path)
    this.#run = run
  }

  /** Sets an atom (or, for an object, the fields under this namespace; for a string array, a StringSet). */
  assign(value: unknown): void {
    assignValues(this.#run.writer(), this.path, value)
  }

  private seriesType(value: unknown): FieldType {
    const writer = this.#run.writer()
    checkPath(this.path, 'write')
    const existing = writer.typeOf(this.path)
    if (existing === 'FloatSeries' || existing === 'StringSeries' || existing === 'HistogramSeries')
      return existing
    if (existing === 'FileSeries' || value instanceof Uint8Array) {
      throw fieldTypeConflict(
        `'${this.path}' ${existing === 'FileSeries' ? 'is a FileSeries' : 'takes files'}; append() and extend() cannot add ${typeof value} values to it`,
        'Add files one at a time: await field.appendFile(path) or await field.append(buffer).',
      )
    }
    if (existing !== undefined) {
      throw fieldTypeConflict(
        `'${this.path}' is a ${existing} field; append() needs a series`,
        isAtom(existing)
          ? 'Use assign() to change an atom, or append to another path.'
          : 'Use add()/remove() on a StringSet.',
      )
    }
    if (typeof value === 'number' || typeof value === 'bigint') return 'FloatSeries'
    if (typeof value === 'string') return 'StringSeries'
    if (isHistogramLike(value)) return 'HistogramSeries'
    throw new InvalidValueError(
      'INVALID_VALUE',
      `cannot append a ${value === null ? 'null' : typeof value} to '${this.path}'`,
      {
        hint: 'Series hold numbers (FloatSeries), strings (StringSeries) or histograms { edges, values } (HistogramSeries).',
      },
    )
  }

  private appendOne(type: FieldType, value: unknown, step: number | undefined, time: number): void {
    const writer = this.#run.writer()
    if (type === 'FloatSeries') writer.appendFloat(this.path, floatOf(this.path, value), step, time)
    else if (type === 'HistogramSeries') {
      const text = encodeHistogram(toHistogram(this.path, value))
      writer.appendString(this.path, text, step, time, 'HistogramSeries')
    } else if (typeof value === 'string') {
      checkString(this.path, value)
      writer.appendString(this.path, value, step, time)
    } else throw stringConflict(this.path, value)
  }

  /**
   * Adds a point; the step defaults to the last step + 1 (0 for the first point). Numbers and strings
   * are buffered synchronously (FloatSeries, StringSeries). A Buffer is a file: it is stored and
   * appended to a FileSeries, and the call returns a promise to await. A string is always text, never a
   * path: append a file by path with appendFile(path).
   */
  append(value: number | bigint | string | HistogramInput, options?: AppendOptions): void
  append(value: Uint8Array, options?: FileAppendOptions): Promise<void>
  append(
    value: number | bigint | string | HistogramInput | Uint8Array,
    options: FileAppendOptions = {},
  ): void | Promise<void> {
    if (value instanceof Uint8Array) return this.appendFile(value, options)
    checkAppendOptions(options, 'append()')
    const type = this.seriesType(value)
    const time = toMs(options.timestamp, this.path)
    this.checkPoint(type, value, options.step) // a rejected point must not fix the field's type
    this.appendOne(type, value, options.step, time)
  }

  /**
   * FileSeries: stores the file at a path (or a Buffer's bytes) and appends it at `options.step`
   * (default last + 1), with an optional name and description. Neptune's `append(File(path))`.
   */
  async appendFile(input: FileInput, options: FileAppendOptions = {}): Promise<void> {
    checkCallOptions(options, FILE_APPEND, 'appendFile()')
    return appendFile(
      this.#run,
      checkPath(this.path, 'write'),
      input,
      options,
      toMs(options.timestamp, this.path),
    )
  }

  /** File: stores a file (a path, or a Buffer's bytes) as this field's value, replacing the previous one. */
  async upload(input: FileInput, options: UploadOptions = {}): Promise<FileInfo> {
    checkCallOptions(options, UPLOAD, 'upload()')
    return uploadFile(this.#run, checkPath(this.path, 'write'), input, options)
  }

  /** FileSet: stores the files matching `globs` (relative to `cwd`) and adds them to the set; returns those added. */
  async uploadFiles(
    globs: string | readonly string[],
    options: UploadFilesOptions = {},
  ): Promise<FileSetMember[]> {
    checkCallOptions(options, UPLOAD_FILES, 'uploadFiles()')
    return uploadFiles(this.#run, checkPath(this.path, 'write'), globs, options)
  }

  /** FileSet: removes files (or every file under a directory) from the set; returns how many. */
  deleteFiles(paths: string | readonly string[]): number {
    return deleteFiles(this.#run, checkPath(this.path, 'write'), paths)
  }

  /** Artifact: records a file, a directory's files or a glob's matches by path, size, mtime and hash, without copying. */
  async trackFiles(pathOrGlob: string, options: TrackFilesOptions = {}): Promise<ArtifactManifest> {
    checkCallOptions(options, TRACK_FILES, 'trackFiles()')
    return trackFiles(this.#run, checkPath(this.path, 'write'), pathOrGlob, options)
  }

  /** Adds several points; `steps` and `timestamps`, when given, match `values` in length. */
  extend(values: readonly (number | bigint | string | HistogramInput)[], options: ExtendOptions = {}): void {
    if (!Array.isArray(values)) {
      throw new InvalidValueError(
        'INVALID_VALUE',
        `extend() takes an array of values for '${this.path}', got ${typeof values}`,
        { hint: 'Pass an array: field.extend([0.1, 0.2]); for one value use append(value).' },
      )
    }
    checkCallOptions(options, EXTEND, 'extend()')
    if (values.length === 0) return
    const { steps, timestamps } = options
    checkExtendLengths(this.path, values.length, options)
    const type = this.seriesType(values[0])
    const now = Date.now()
    const times = values.map((_, i) => (timestamps ? toMs(timestamps[i], this.path) : now))
    // every point is checked before the first is buffered: a bad one writes none of them
    let last = this.#run.writer().lastStep(this.path)
    values.forEach((value, i) => {
      const step = steps?.[i]
      this.checkPoint(type, value, step, last)
      if (step === undefined) last = last === -Infinity ? 0 : last + 1
      else if (step > last) last = step
    })
    values.forEach((value, i) => this.appendOne(type, value, steps?.[i], times[i]!))
  }

  /** Throws what appending `value` at `step` would throw, writing nothing. */
  private checkPoint(type: FieldType, value: unknown, step: number | undefined, lastStep?: number): void {
    if (type === 'FloatSeries') floatOf(this.path, value)
    else if (type === 'HistogramSeries') toHistogram(this.path, value)
    else if (typeof value === 'string') checkString(this.path, value)
    else throw stringConflict(this.path, value)
    this.#run.writer().precheck(this.path, type as 'FloatSeries' | 'HistogramSeries', step, lastStep)
  }

  /** Adds strings to a StringSet. */
  add(values: string | readonly string[]): void {
    const list = this.strings(values)
    this.#run.writer().editSet(this.path, (set) => list.forEach((v) => set.add(v)))
  }

  /** Removes strings from a StringSet. */
  remove(values: string | readonly string[]): void {
    const list = this.strings(values)
    this.#run.writer().editSet(this.path, (set) => list.forEach((v) => set.delete(v)))
  }

  /** Empties a StringSet. */
  clear(): void {
    this.#run.writer().editSet(this.path, (set) => set.clear())
  }

  /** Deletes the field (or namespace) with its points. */
  delete(): void {
    checkPath(this.path, 'write')
    if (this.path === 'sys' || this.path.startsWith('sys/')) {
      throw new InvalidPathError('INVALID_PATH', `'${this.path}' cannot be deleted: Nereid keeps sys/`, {
        hint: "Assign a new value instead (sys/name, sys/description), or edit the tags: run.tags.remove('x').",
      })
    }
    this.#run.writer().delete(this.path)
  }

  private strings(values: string | readonly string[]): readonly string[] {
    const list = typeof values === 'string' ? [values] : values
    if (Array.isArray(list)) for (const v of list) if (typeof v === 'string') checkString(this.path, v)
    if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) {
      throw new InvalidValueError(
        'INVALID_VALUE',
        `a StringSet takes strings; got ${String(values)} for '${this.path}'`,
        {
          hint: 'Pass a string or an array of strings.',
        },
      )
    }
    return list
  }
}
