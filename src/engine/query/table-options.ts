/**
 * Checks the options of fetchRunsTable once, on entry: unknown keys get a "did you mean", values of the
 * wrong kind a precise message. The result is frozen.
 *
 * @example
 * checkTableOptions({ query: 'acc > 0.5', limit: 10 })   // { query: 'acc > 0.5', limit: 10, ascending: false, … }
 * checkTableOptions({ sortby: 'acc' })                   // throws: did you mean 'sortBy'?
 */
import { InvalidOptionError } from '../errors.js'
import { rejectUnknownKeys } from '../options.js'
import { SHORTHAND_KEYS, type TableShorthands } from './table-shorthands.js'

/** Options of project.fetchRunsTable(); `tag`, `state`, `owner` and `id` filter like Neptune's (table-shorthands.ts). */
export interface RunsTableOptions extends TableShorthands {
  /** An NQL filter, full form (`` `metrics/acc`:floatSeries > 0.9 ``) or short form (`metrics/acc > 0.9`). */
  query?: string
  /** Columns: field paths, or series summaries like 'metrics/acc:max' (default: every field). sys/id always comes first. */
  columns?: readonly string[]
  /** The column to sort by (default 'sys/creation_time'). */
  sortBy?: string
  /** Sort ascending (default false: newest first, as in Neptune). */
  ascending?: boolean
  /** Most rows to return (default: all). */
  limit?: number
  /** Rows to skip before the first one returned (default 0). */
  offset?: number
}

const KNOWN = ['query', 'columns', 'sortBy', 'ascending', 'limit', 'offset', ...SHORTHAND_KEYS]

function invalid(name: string, expected: string, value: unknown): never {
  throw new InvalidOptionError(
    'INVALID_OPTION',
    `option '${name}' of fetchRunsTable must be ${expected}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
    {
      hint: `Pass ${expected}, or leave '${name}' out.`,
    },
  )
}

/** The options with defaults filled in, checked and frozen. */
export function checkTableOptions(
  options: RunsTableOptions,
): Readonly<RunsTableOptions & { ascending: boolean; sortBy: string }> {
  if (typeof options !== 'object' || options === null) invalid('options', 'an object', options)
  rejectUnknownKeys(options, KNOWN, 'fetchRunsTable options')
  const { query, columns, sortBy = 'sys/creation_time', ascending = false, limit, offset } = options
  if (query !== undefined && typeof query !== 'string') invalid('query', 'an NQL string', query)
  if (columns !== undefined && !(Array.isArray(columns) && columns.every((c) => typeof c === 'string')))
    invalid('columns', 'an array of field paths', columns)
  if (typeof sortBy !== 'string') invalid('sortBy', 'a field path', sortBy)
  if (typeof ascending !== 'boolean') invalid('ascending', 'a boolean', ascending)
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0))
    invalid('limit', 'a non-negative integer', limit)
  if (offset !== undefined && !(Number.isSafeInteger(offset) && offset >= 0))
    invalid('offset', 'a non-negative integer', offset)
  return Object.freeze({ ...options, sortBy, ascending })
}
