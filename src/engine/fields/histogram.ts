/**
 * Histogram values of a HistogramSeries (Neptune 3.x's `log_histograms`, the neptune-exporter's
 * `histogram_value`): per step `{ type, edges, values }` with `edges.length === values.length + 1`.
 * A point is stored as the JSON text of that object in the series' string points; numbers JSON cannot
 * hold (NaN, ±Infinity, -0) are written as the strings "NaN", "Infinity", "-Infinity", "-0", so a
 * histogram reads back bit-exact.
 *
 * @example
 * const h = toHistogram('weights/l1', { edges: [0, 1, 2], values: [3, 4] })   // { type: 'histogram', edges, values }
 * decodeHistogram(encodeHistogram(h))                                        // equal to h
 */
import { InvalidValueError } from '../errors.js'
import { isPlainObject } from './values.js'

/** One histogram: bin edges (n + 1, increasing) and a value per bin (n: counts or densities). */
export interface Histogram {
  /** What the values are, as the source names it ('histogram', 'COUNTS', 'DENSITIES', …). */
  type: string
  edges: number[]
  values: number[]
}

/** What a write takes: `type` defaults to 'histogram'; edges and values may be typed arrays. */
export interface HistogramInput {
  type?: string
  edges: ArrayLike<number>
  values: ArrayLike<number>
}

const KEYS = new Set(['type', 'edges', 'values'])

function numbers(value: unknown): value is ArrayLike<number> {
  return (
    (Array.isArray(value) || value instanceof Float64Array || value instanceof Float32Array) &&
    Array.from(value as ArrayLike<unknown>).every((v) => typeof v === 'number')
  )
}

/** True for a value shaped like a histogram: an object with number arrays `edges` and `values`, maybe `type`. */
export function isHistogramLike(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !('edges' in value) || !('values' in value)) return false
  const v = value as Record<string, unknown>
  return Array.isArray(v['edges']) || ArrayBuffer.isView(v['edges'])
}

function invalid(path: string, message: string): never {
  throw new InvalidValueError('INVALID_HISTOGRAM', `histogram at '${path}': ${message}`, {
    hint: 'Pass { type?: string, edges: number[], values: number[] } with edges.length === values.length + 1, edges increasing.',
  })
}

/** The histogram `value` stands for, checked; throws INVALID_HISTOGRAM naming `path`. */
export function toHistogram(path: string, value: unknown): Histogram {
  if (typeof value !== 'object' || value === null) invalid(path, `got ${String(value)}`)
  const v = value as Record<string, unknown>
  if (isPlainObject(v)) {
    const extra = Object.keys(v).find((k) => !KEYS.has(k))
    if (extra !== undefined) invalid(path, `unknown key '${extra}'`)
  }
  const type = v['type'] ?? 'histogram'
  if (typeof type !== 'string') invalid(path, 'type must be a string')
  if (!numbers(v['edges']) || !numbers(v['values']))
    invalid(path, 'edges and values must be arrays of numbers')
  const edges = Array.from(v['edges'])
  const values = Array.from(v['values'])
  if (edges.length !== values.length + 1)
    invalid(path, `${edges.length} edges for ${values.length} values (need values + 1)`)
  for (let i = 1; i < edges.length; i++)
    if (!(edges[i]! > edges[i - 1]!)) invalid(path, `edges must increase (edge ${i} is ${edges[i]})`)
  return { type, edges, values }
}

function write(n: number): number | string {
  if (Number.isFinite(n)) return Object.is(n, -0) ? '-0' : n
  return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity'
}

function read(n: unknown): number {
  return typeof n === 'number' ? n : Number(n)
}

/** The stored text of a histogram. */
export function encodeHistogram(h: Histogram): string {
  return JSON.stringify({ type: h.type, edges: h.edges.map(write), values: h.values.map(write) })
}

/** A histogram from its stored text. */
export function decodeHistogram(text: string): Histogram {
  const raw = JSON.parse(text) as { type: string; edges: unknown[]; values: unknown[] }
  return { type: raw.type, edges: raw.edges.map(read), values: raw.values.map(read) }
}
