/**
 * A write handle on one field of an oplog run: the write methods of Field (assign, append, extend,
 * add/remove on a StringSet, upload of a File). A file is stored in objects/ first (by its sha256,
 * renamed into place atomically), then referenced by a `file` operation. Reads throw OPLOG_MODE_READ.
 *
 * @example
 * run.field('train/loss').extend([0.9, 0.7], { steps: [0, 1] })
 * await run.field('model/weights').upload('w.pt')
 */
import { InvalidValueError } from '../errors.js'
import type { AppendOptions, ExtendOptions } from '../field.js'
import { checkPath } from '../fields/paths.js'
import { checkExtendLengths } from '../fields/extend-lengths.js'
import { isHistogramLike, toHistogram, type HistogramInput } from '../fields/histogram.js'
import { toMs } from '../fields/time.js'
import type { UploadOptions } from '../files/file.js'
import { oplogModeRead } from './errors.js'
import { refuseMembers } from './refuse.js'
import type { PointValue } from './series-batch.js'
import type { OplogFieldHost, OplogSink } from './sink.js'

function pointValue(path: string, value: unknown): PointValue {
  if (typeof value === 'number' || typeof value === 'string') return value
  if (typeof value === 'bigint') return Number(value)
  if (isHistogramLike(value)) return toHistogram(path, value) // INVALID_HISTOGRAM before anything is buffered
  throw new InvalidValueError(
    'INVALID_VALUE',
    `cannot append a ${value === null ? 'null' : typeof value} to '${path}'`,
    {
      hint: 'Series hold numbers (FloatSeries), strings (StringSeries) or histograms (HistogramSeries).',
    },
  )
}

/** A field of an oplog run, for writing. */
export class OplogField {
  constructor(
    readonly run: OplogFieldHost,
    readonly sink: OplogSink,
    readonly path: string,
  ) {}

  /** Sets an atom (or the fields under this namespace, or a StringSet from an array of strings). */
  assign(value: unknown): void {
    this.run.assign(this.path, value)
  }

  /** Adds a point at `options.step` (default: the last step + 1). */
  append(value: number | bigint | string | HistogramInput, options: AppendOptions = {}): void {
    this.sink.buffered(
      this.run.appendPoint(
        this.path,
        pointValue(this.path, value),
        options.step,
        toMs(options.timestamp, this.path),
      ),
    )
  }

  /** Adds several points; `steps` and `timestamps`, when given, match `values` in length. */
  extend(values: readonly (number | bigint | string | HistogramInput)[], options: ExtendOptions = {}): void {
    const { steps, timestamps } = options
    checkExtendLengths(this.path, values.length, options)
    const now = Date.now()
    const checked = values.map((value) => pointValue(this.path, value)) // all checked before any is buffered
    let kept = 0
    checked.forEach((value, i) => {
      kept += this.run.appendPoint(
        this.path,
        value,
        steps?.[i],
        timestamps ? toMs(timestamps[i], this.path) : now,
      )
    })
    this.sink.buffered(kept)
  }

  /** Adds strings to a StringSet. */
  add(values: string | readonly string[]): void {
    this.#edit(values, 'add')
  }

  /** Removes strings from a StringSet. */
  remove(values: string | readonly string[]): void {
    this.#edit(values, 'remove')
  }

  #edit(values: string | readonly string[], how: 'add' | 'remove'): void {
    const list = typeof values === 'string' ? [values] : values
    if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) {
      throw new InvalidValueError(
        'INVALID_VALUE',
        `a StringSet takes strings; got ${String(values)} for '${this.path}'`,
        { hint: 'Pass a string or an array of strings.' },
      )
    }
    checkPath(this.path, 'write')
    this.run.claim(this.path, 'StringSet')
    this.run.push({
      op: 'set',
      run: this.run.uuid,
      path: this.path,
      add: how === 'add' ? [...list] : [],
      remove: how === 'remove' ? [...list] : [],
    })
  }

  /** Stores a file (a path or bytes) in objects/ and makes it this File field's value once merged. */
  async upload(input: string | Uint8Array, options: UploadOptions = {}): Promise<{ hash: string }> {
    checkPath(this.path, 'write')
    this.run.claim(this.path, 'File')
    const hash = await this.sink.putObject(input)
    const name = options.name ?? (typeof input === 'string' ? input.split(/[\\/]/).pop() : undefined)
    this.run.push({
      op: 'file',
      run: this.run.uuid,
      path: this.path,
      hash,
      ...(name === undefined ? {} : { name }),
    })
    return { hash }
  }

  /** Reads need a merged project. */
  fetch(): never {
    throw oplogModeRead(`field('${this.path}').fetch()`)
  }

  /** Reads need a merged project. */
  fetchValues(): never {
    throw oplogModeRead(`field('${this.path}').fetchValues()`)
  }
}

// every other member of Field fails with a typed error (see refuse.ts)
refuseMembers(OplogField.prototype, (field) => `field('${field.path}')`, {
  reads: [
    'type',
    'exists',
    'fetchLast',
    'fetchBuckets',
    'list',
    'listFiles',
    'download',
    'fetchHash',
    'fetchFilesList',
    'downloadLast',
  ],
  unsupported: ['appendFile', 'uploadFiles', 'deleteFiles', 'trackFiles', 'clear', 'delete'],
})
