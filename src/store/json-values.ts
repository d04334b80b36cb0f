/**
 * Engine values as JSON (docs/server.md): NaN and ±Infinity become "NaN" / "Infinity" / "-Infinity",
 * bigints a number when |v| <= 2^53 and else a decimal string, Dates ISO strings, typed arrays arrays.
 *
 * @example
 * toJson({ lr: 0.1, big: 2n ** 60n, at: new Date(0), v: NaN })
 * // { lr: 0.1, big: '1152921504606846976', at: '1970-01-01T00:00:00.000Z', v: 'NaN' }
 */
import type { Json, JsonNumber } from './read-store.js'

const LIMIT = 2n ** 53n

/** A number as JSON: finite numbers as they are, the others as strings. */
export function jsonNumber(value: number): JsonNumber {
  if (Number.isFinite(value)) return value
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity'
}

/** Any engine value as JSON. */
export function toJson(value: unknown): Json {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return jsonNumber(value)
  if (typeof value === 'bigint') return value <= LIMIT && value >= -LIMIT ? Number(value) : value.toString()
  if (typeof value === 'string' || typeof value === 'boolean') return value
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString()
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>, (v) => jsonNumber(Number(v)))
  if (Array.isArray(value)) return value.map(toJson)
  if (typeof value === 'object') {
    const out: Record<string, Json> = {}
    for (const [key, inner] of Object.entries(value)) if (inner !== undefined) out[key] = toJson(inner)
    return out
  }
  return String(value)
}
