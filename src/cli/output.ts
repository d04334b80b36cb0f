/**
 * How commands print: a table for people (floats rounded to 6 significant digits, control characters made
 * visible, colour only on a TTY), `--json` for programs (exact: bigints beyond 2^53 and NaN/±Infinity
 * become strings, dates ISO 8601), `--csv` for spreadsheets.
 *
 * @example
 * const format = formatOf({ json: true })            // 'json'
 * print(jsonText([{ 'sys/id': 'DEMO-1', big: 2n ** 60n }]))   // [{ "sys/id": "DEMO-1", "big": "1152921504606846976" }]
 */
import Table from 'cli-table3'
import { colours } from './colour.js'
import { usageError } from './usage.js'

/** An output format. */
export type Format = 'table' | 'json' | 'csv'

/** The output flags a command may take. */
export interface FormatFlags {
  json?: boolean
  csv?: boolean
}

/** The format the flags ask for. */
export function formatOf(flags: FormatFlags): Format {
  if (flags.json && flags.csv)
    throw usageError('--json and --csv cannot be used together', 'Pick one output format.')
  return flags.json ? 'json' : flags.csv ? 'csv' : 'table'
}

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  return value
}

/** JSON text of `value`, indented, exact for every value a field can hold. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, replacer, 2)
}

// C0 and C1 control characters: a value must not move the cursor or recolour the terminal.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g

/** Text of a value for a table cell. */
export function displayText(value: unknown, width = 60): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') {
    if (Object.is(value, -0)) return '-0'
    return Number.isInteger(value) || !Number.isFinite(value)
      ? String(value)
      : String(Number(value.toPrecision(6)))
  }
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString().replace(/\.000Z$/, 'Z')
  if (Array.isArray(value)) return displayText(value.map((v) => displayText(v, Infinity)).join(', '), width)
  const text = (typeof value === 'object' ? JSON.stringify(value, replacer) : String(value)).replace(
    CONTROL,
    (c) => (c === '\n' ? '⏎' : '·'),
  )
  return text.length > width ? `${text.slice(0, width - 1)}…` : text
}

/** Prints a table of `rows` under `head` to stdout. */
export function printTable(head: readonly string[], rows: readonly (readonly string[])[]): void {
  const c = colours(process.stdout)
  const table = new Table({
    head: head.map((h) => c.bold(h)),
    style: { head: [], border: c.enabled ? ['grey'] : [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  })
  table.push(...rows.map((row) => [...row]))
  print(table.toString())
}

/** Writes `text` and a newline to stdout. */
export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
}

/** Writes a note for people to stderr (kept out of --json and --csv output). */
export function note(text: string): void {
  process.stderr.write(`${colours(process.stderr).dim(text)}\n`)
}
