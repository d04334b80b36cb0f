/**
 * Checks of one value of a storable kind that cannot be stored as given: a bigint beyond the 64 bits of
 * an Integer, a string with half of a UTF-16 surrogate pair (SQLite would turn it into U+FFFD, so it
 * would read back changed). Both are INVALID errors, thrown in strict and non-strict mode alike.
 *
 * @example
 * checkInt64('n', 2n ** 63n)     // throws INTEGER_OUT_OF_RANGE
 * checkString('s', 'a\ud800')    // throws INVALID_STRING
 */
import { InvalidValueError } from '../errors.js'

/** The smallest and largest Integer (64-bit signed). */
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** Throws INVALID_STRING for a string with half of a UTF-16 surrogate pair (SQLite would store U+FFFD). */
export function checkString(path: string, value: string): void {
  // String.prototype.isWellFormed is in Node 20 (ES2024), newer than the ES2022 lib this project types against
  if ((value as string & { isWellFormed(): boolean }).isWellFormed()) return
  throw new InvalidValueError(
    'INVALID_STRING',
    `the string for '${path}' contains half of a UTF-16 surrogate pair`,
    {
      hint: 'Build the string from whole characters (a string cut in the middle of an emoji has half of one), or call value.toWellFormed().',
    },
  )
}

/** Throws INTEGER_OUT_OF_RANGE for a bigint outside the 64-bit signed range of an Integer. */
export function checkInt64(path: string, value: bigint): void {
  if (value >= INT64_MIN && value <= INT64_MAX) return
  throw new InvalidValueError('INTEGER_OUT_OF_RANGE', `${value} at '${path}' does not fit in 64 bits`, {
    hint: 'Integers are 64-bit signed (-2^63 to 2^63 - 1); store a larger one as a string: String(value).',
  })
}

/** The float a bigint series point stores; throws when it does not fit 64 bits or is not exact as a float. */
export function bigintPoint(path: string, value: bigint): number {
  checkInt64(path, value)
  const float = Number(value)
  if (BigInt(float) === value) return float
  throw new InvalidValueError(
    'LOSSY_VALUE',
    `${value} at '${path}' is not exact as a float (a series stores float64)`,
    {
      hint: 'Series hold float64 values, exact up to 2^53; convert it yourself (Number(value)) if rounding is fine.',
    },
  )
}
