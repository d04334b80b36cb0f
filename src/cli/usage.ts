/**
 * Errors in how the command line was written (exit code 2), and the parsers of option values that raise
 * them.
 *
 * @example
 * program.option('-n, --limit <n>', 'most rows', integerOption('--limit'))
 * throw usageError('--json and --csv cannot be used together', 'Pick one output format.')
 */
import { NereidError } from '../index.js'

/** A command line that cannot be run as written. */
export class UsageError extends NereidError {
  override readonly name = 'UsageError'
}

/** A UsageError with code USAGE. */
export function usageError(message: string, hint: string): UsageError {
  return new UsageError('USAGE', message, { hint })
}

/** A commander option parser for a non-negative integer. */
export function integerOption(flag: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw usageError(`${flag} takes a whole number, got '${value}'`, `Write it like ${flag} 20.`)
    }
    return Number(value)
  }
}

/** A commander option parser for a number (steps may be fractional or negative). */
export function numberOption(flag: string): (value: string) => number {
  return (value) => {
    const n = Number(value)
    if (value.trim() === '' || Number.isNaN(n))
      throw usageError(`${flag} takes a number, got '${value}'`, `Write it like ${flag} 100.`)
    return n
  }
}
