/**
 * Prints an error the way a person (or with --json, a program) can act on it, and picks the exit code:
 * 2 for a command line that cannot run as written (unknown flag or command, a bad flag value, an NQL syntax
 * error), 1 for everything that failed while running (no such project, run or field, unknown column…),
 * 130 for an operation cancelled by Ctrl-C (OPERATION_CANCELLED), as a shell reports SIGINT.
 *
 * @example
 * process.exitCode = reportError(error, { json: false })
 * // stderr: error [RUN_NOT_FOUND]: project demo has no run 'DEMO-9'
 * //         hint: Did you mean 'DEMO-1'?
 */
import { CommanderError } from 'commander'
import { NereidError } from '../index.js'
import { colours } from './colour.js'

/** Exit codes. */
export const EXIT = { ok: 0, failure: 1, usage: 2, cancelled: 130 } as const

/** Codes of NereidErrors that mean "the command line is wrong". */
const USAGE_CODES = new Set(['USAGE', 'QUERY_SYNTAX', 'INVALID_OPTION', 'UNKNOWN_OPTION', 'INVALID_PATH'])

/** The exit code for `error`. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok
    if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT.ok : EXIT.usage
    return EXIT.usage
  }
  if (error instanceof NereidError && error.code === 'OPERATION_CANCELLED') return EXIT.cancelled
  if (error instanceof NereidError) return USAGE_CODES.has(error.code) ? EXIT.usage : EXIT.failure
  return EXIT.failure
}

function withoutHint(error: NereidError): string {
  const at = error.message.lastIndexOf('\n  hint: ')
  return at === -1 ? error.message : error.message.slice(0, at)
}

/** Prints `error` to stderr (commander has already printed its own) and returns the exit code. */
export function reportError(error: unknown, options: { json: boolean }): number {
  const code = exitCodeOf(error)
  if (error instanceof CommanderError) return code
  const c = colours(process.stderr)
  if (error instanceof NereidError) {
    const column = (error as { column?: unknown }).column
    if (options.json) {
      const body = {
        code: error.code,
        message: withoutHint(error),
        hint: error.hint,
        ...(typeof column === 'number' ? { column } : {}),
      }
      process.stderr.write(`${JSON.stringify({ error: body })}\n`)
    } else {
      process.stderr.write(
        `${c.red(`error [${error.code}]`)}: ${withoutHint(error)}\n${c.yellow('hint')}: ${error.hint}\n`,
      )
    }
    return code
  }
  const detail =
    error instanceof Error
      ? process.env.NEREID_DEBUG
        ? (error.stack ?? error.message)
        : error.message
      : String(error)
  if (options.json)
    process.stderr.write(`${JSON.stringify({ error: { code: 'INTERNAL', message: detail } })}\n`)
  else
    process.stderr.write(
      `${c.red('error [INTERNAL]')}: ${detail}\n${c.yellow('hint')}: This is a bug in Nereid; run again with NEREID_DEBUG=1 for the stack and report it.\n`,
    )
  return code
}
