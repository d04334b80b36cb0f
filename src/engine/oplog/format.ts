/**
 * The oplog format, version 2 (docs/oplog.md; version 2 adds the `histograms` operation): JSON Lines, a header line then one operation per line,
 * each with the writer's sequence number. Shared by the oplog writer (this folder) and the merge
 * (merge/). Values are encoded losslessly: an Integer as a decimal string, a Datetime as epoch
 * ms, a Float's NaN/±Infinity/-0 as the strings "NaN", "Infinity", "-Infinity", "-0" (also inside a
 * histogram's edges and values; "-0" is new in version 2).
 *
 * @example
 * encodeFloat(NaN)                              // 'NaN'
 * encodeAtomValue('Integer', 2n ** 70n)          // '1180591620717411303424'
 * decodeAtomValue('Datetime', 1700000000000)     // Date 2023-11-14T22:13:20.000Z
 */
import type { Histogram } from '../fields/histogram.js'
import type { AtomType } from '../fields/types.js'
import type { AtomValue } from '../fields/values.js'

/** The `format` of every oplog header. */
export const OPLOG_FORMAT = 'nereid-oplog'
/** The format version this Nereid writes and the newest it merges (1 has no `histograms` operation). */
export const OPLOG_VERSION = 2
/** The folder of a project that holds oplog files, and their name's ending. */
export const INBOX_DIR = 'inbox'
export const OPLOG_SUFFIX = '.oplog.jsonl'

/** The first line of an oplog file. */
export interface OplogHeader {
  format: typeof OPLOG_FORMAT
  version: number
  /** The writer's uuid: the merge keeps one cursor per writer. */
  writer: string
  host?: string
  pid?: number
  createdAt?: number
}

/** A float as JSON: a number, or "NaN" / "Infinity" / "-Infinity" / "-0" (JSON numbers lose the sign of zero). */
export type JsonFloat = number | 'NaN' | 'Infinity' | '-Infinity' | '-0'

/** A histogram as JSON: its edges and values as JSON floats. */
export interface OplogHistogram {
  type: string
  edges: JsonFloat[]
  values: JsonFloat[]
}

/** The sys fields a run start carries. */
export interface OplogRunSys {
  name?: string
  description?: string
  tags?: string[]
  customRunId?: string
  hostname?: string
  /** Epoch ms. */
  creationTime?: number
}

/** One operation line (without its `seq`). */
export type OplogOp =
  | { op: 'run'; run: string; sys: OplogRunSys; experiment?: string }
  | { op: 'assign'; run: string; path: string; type: AtomType | 'StringSet'; value: unknown }
  | { op: 'floats'; run: string; path: string; steps: number[]; values: JsonFloat[]; timestamps: number[] }
  | { op: 'strings'; run: string; path: string; steps: number[]; values: string[]; timestamps: number[] }
  | {
      op: 'histograms'
      run: string
      path: string
      steps: number[]
      values: OplogHistogram[]
      timestamps: number[]
    }
  | { op: 'file'; run: string; path: string; hash: string; name?: string }
  | { op: 'set'; run: string; path: string; add: string[]; remove: string[] }
  | { op: 'close'; run: string }
  /** The writer closed its file: nothing follows, and a merged file that ends so can be archived. */
  | { op: 'end' }

/** An operation with its sequence number, as it is on a line. */
export type OplogLine = OplogOp & { seq: number }

/** The operations of a run (every operation but the writer's `end`). */
export type OplogRunLine = Exclude<OplogLine, { op: 'end' }>

/** A float as JSON (JSON has no NaN or infinities). */
export function encodeFloat(value: number): JsonFloat {
  if (Object.is(value, -0)) return '-0'
  if (Number.isFinite(value)) return value
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity'
}

/** The float a JSON value stands for, or undefined if it stands for none. */
export function decodeFloat(value: unknown): number | undefined {
  if (typeof value === 'number') return value
  if (value === 'NaN') return NaN
  if (value === 'Infinity') return Infinity
  if (value === '-Infinity') return -Infinity
  if (value === '-0') return -0
  return undefined
}

/** A histogram as JSON. */
export function encodeHistogramValue(h: Histogram): OplogHistogram {
  return { type: h.type, edges: h.edges.map(encodeFloat), values: h.values.map(encodeFloat) }
}

/** The histogram a JSON value stands for (unchecked: the field checks it), or undefined. */
export function decodeHistogramValue(value: unknown): Histogram | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as Record<string, unknown>
  if (typeof v.type !== 'string' || !Array.isArray(v.edges) || !Array.isArray(v.values)) return undefined
  const edges = v.edges.map(decodeFloat)
  const values = v.values.map(decodeFloat)
  if (edges.includes(undefined) || values.includes(undefined)) return undefined
  return { type: v.type, edges: edges as number[], values: values as number[] }
}

/** An atom (or StringSet) value as JSON. */
export function encodeAtomValue(type: AtomType | 'StringSet', value: AtomValue | readonly string[]): unknown {
  switch (type) {
    case 'Float':
      return encodeFloat(value as number)
    case 'Integer':
      return (value as bigint).toString()
    case 'Datetime':
      return (value as Date).getTime()
    default:
      return value
  }
}

/** The value a JSON atom stands for, or undefined when it does not fit `type`. */
export function decodeAtomValue(type: string, value: unknown): AtomValue | string[] | undefined {
  switch (type) {
    case 'Float':
      return decodeFloat(value)
    case 'Integer':
      return typeof value === 'string' && /^-?\d+$/.test(value) ? BigInt(value) : undefined
    case 'Boolean':
      return typeof value === 'boolean' ? value : undefined
    case 'String':
      return typeof value === 'string' ? value : undefined
    case 'Datetime':
      return typeof value === 'number' && Number.isFinite(value) ? new Date(value) : undefined
    case 'StringSet':
      return Array.isArray(value) && value.every((v) => typeof v === 'string')
        ? (value as string[])
        : undefined
    default:
      return undefined
  }
}
