/**
 * Query parameters read strictly: integers and numbers by a pattern, bounds checked, a 400 BAD_REQUEST
 * naming the parameter otherwise (never a silent clamp).
 *
 * @example
 * const { offset, limit } = pageParams(c)            // ?offset=100&limit=50
 * const buckets = intParam(c, 'buckets', { min: 1, max: 10_000, fallback: 1000 })
 */
import type { Context } from 'hono'
import { HttpError } from './http-error.js'
import type { PageRequest } from '../store/read-store.js'

const INTEGER = /^\d{1,15}$/
const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i

function bad(name: string, expected: string, value: string): never {
  throw new HttpError(
    400,
    'BAD_REQUEST',
    `query parameter '${name}' must be ${expected}, got ${JSON.stringify(value.slice(0, 80))}`,
    `Pass ${name}=${expected.includes('integer') ? '100' : '0.5'}, or leave it out.`,
  )
}

/** An integer parameter in [min, max]; `fallback` when absent. */
export function intParam(
  c: Context,
  name: string,
  range: { min: number; max: number; fallback: number },
): number {
  const text = c.req.query(name)
  if (text === undefined || text === '') return range.fallback
  const value = INTEGER.test(text) ? Number(text) : NaN
  if (!(value >= range.min && value <= range.max))
    bad(name, `an integer from ${range.min} to ${range.max}`, text)
  return value
}

/** A finite number parameter, or undefined when absent. */
export function numParam(c: Context, name: string): number | undefined {
  const text = c.req.query(name)
  if (text === undefined || text === '') return undefined
  const value = NUMBER.test(text) ? Number(text) : NaN
  if (!Number.isFinite(value)) bad(name, 'a finite number', text)
  return value
}

/** A required string parameter (at most `max` characters). */
export function textParam(c: Context, name: string, max = 1024): string {
  const text = c.req.query(name)
  if (text === undefined || text === '')
    throw new HttpError(
      400,
      'BAD_REQUEST',
      `query parameter '${name}' is required`,
      `Add ${name}=… to the URL.`,
    )
  if (text.length > max) bad(name, `at most ${max} characters`, text)
  return text
}

/** An optional string parameter (at most `max` characters). */
export function optionalText(c: Context, name: string, max = 4096): string | undefined {
  const text = c.req.query(name)
  if (text !== undefined && text.length > max) bad(name, `at most ${max} characters`, text)
  return text === '' ? undefined : text
}

/** offset (default 0) and limit (default 100, at most `max`). */
export function pageParams(c: Context, max = 1000, fallback = 100): PageRequest {
  return {
    offset: intParam(c, 'offset', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 }),
    limit: intParam(c, 'limit', { min: 0, max, fallback: Math.min(fallback, max) }),
  }
}

/** A comma-separated list parameter (trimmed, empty entries dropped). */
export function listParam(c: Context, name: string): string[] | undefined {
  const text = optionalText(c, name, 65_536)
  return text
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
}
