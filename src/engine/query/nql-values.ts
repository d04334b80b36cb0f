/**
 * Reading NQL values as typed operands: numbers (with NaN and ±Infinity, integers kept exact as bigints),
 * booleans, ISO 8601 datetimes (UTC unless the value names an offset), run states and regular expressions.
 * Each returns undefined when the text is not of that kind, so the caller can say what was wrong.
 *
 * @example
 * readNumber('1e-3')                  // 0.001
 * readNumber('9007199254740993')      // 9007199254740993n (exact)
 * readDatetime('2024-05-01 12:00')    // 1714564800000
 * readState('Active')                 // 'running'
 */
import { NUMBER } from './nql-lexer.js'

const SPECIAL: Record<string, number> = {
  nan: Number.NaN,
  inf: Infinity,
  '+inf': Infinity,
  infinity: Infinity,
  '+infinity': Infinity,
  '-inf': -Infinity,
  '-infinity': -Infinity,
}

/** A number, an exact bigint for an integer beyond 2^53, or undefined. */
export function readNumber(text: string): number | bigint | undefined {
  const special = SPECIAL[text.toLowerCase()]
  if (special !== undefined) return special
  if (!NUMBER.test(text)) return undefined
  if (/^[+-]?\d+$/.test(text)) {
    const big = BigInt(text)
    return Number.isSafeInteger(Number(big)) ? Number(text) : big
  }
  return Number(text)
}

/** true, false (any case), or undefined. */
export function readBoolean(text: string): boolean | undefined {
  const lower = text.toLowerCase()
  return lower === 'true' ? true : lower === 'false' ? false : undefined
}

const ISO =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i

/** Milliseconds since the epoch of an ISO 8601 date or date-time (UTC when no offset is given), or undefined. */
export function readDatetime(text: string): number | undefined {
  const match = ISO.exec(text.trim())
  if (!match) return undefined
  const [, date, time, zone] = match
  let offset = zone?.toUpperCase() ?? 'Z'
  if (/^[+-]\d{2}$/.test(offset)) offset += ':00'
  else if (/^[+-]\d{4}$/.test(offset)) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`
  const fraction = time?.match(/\.(\d+)$/)
  const base = time ? time.replace(/\.\d+$/, '') : '00:00'
  const ms = Date.parse(
    `${date}T${base.length === 5 ? `${base}:00` : base}${fraction ? `.${fraction[1]!.slice(0, 3).padEnd(3, '0')}` : ''}${offset}`,
  )
  return Number.isNaN(ms) ? undefined : ms
}

/** A run state as stored in sys/state ('running' or 'idle'); Neptune's Active/Inactive are accepted. */
export function readState(text: string): 'running' | 'idle' | undefined {
  const lower = text.toLowerCase()
  if (lower === 'running' || lower === 'active') return 'running'
  if (lower === 'idle' || lower === 'inactive') return 'idle'
  return undefined
}

/** The error message of an invalid regular expression, or undefined when `pattern` compiles. */
export function regexpProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern)
    return undefined
  } catch (error) {
    return (error as Error).message
  }
}
