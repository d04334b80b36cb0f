/**
 * The filters of Neptune's `fetch_runs_table(id=, state=, owner=, tag=)` as options of fetchRunsTable,
 * turned into NQL and joined with the `query` by AND: `tag` (every one must be on the run), `state`
 * ('running' / 'idle', or Neptune's 'active' / 'inactive'), `owner` and `id` (any one of them). They are
 * written in the full form, so a project where no run has the field yet matches nothing instead of
 * refusing the query. (Neptune refuses `query` with these; Nereid joins them.)
 *
 * @example
 * shorthandQuery({ tag: ['mlp', 'v2'], state: 'active' })
 * // '`sys/tags`:stringSet CONTAINS "mlp" AND `sys/tags`:stringSet CONTAINS "v2" AND `sys/state`:experimentState = "running"'
 */
import { InvalidOptionError } from '../errors.js'
import type { Expr } from './nql-ast.js'
import { parseQuery } from './nql-parser.js'
import { readState } from './nql-values.js'

/** The shorthand filters of fetchRunsTable. */
export interface TableShorthands {
  /** Runs that have this tag (every one of these tags), sys/tags. */
  tag?: string | readonly string[]
  /** Runs in this state (any of these): 'running' / 'idle', or Neptune's 'active' / 'inactive'. */
  state?: string | readonly string[]
  /** Runs of this owner (any of these), sys/owner. */
  owner?: string | readonly string[]
  /** Runs with this id (any of these), sys/id. */
  id?: string | readonly string[]
}

/** The option names of TableShorthands. */
export const SHORTHAND_KEYS = ['tag', 'state', 'owner', 'id'] as const

function list(name: string, value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return []
  const items = typeof value === 'string' ? [value] : value
  if (!Array.isArray(items) || items.some((item) => typeof item !== 'string')) {
    throw new InvalidOptionError(
      'INVALID_OPTION',
      `option '${name}' of fetchRunsTable must be a string or an array of strings`,
      { hint: `Pass e.g. ${name}: 'x' or ${name}: ['x', 'y'].` },
    )
  }
  return items as readonly string[]
}

/** A double-quoted NQL string. */
function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`
}

function anyOf(conditions: string[]): string | undefined {
  if (conditions.length === 0) return undefined
  return conditions.length === 1 ? conditions[0] : `(${conditions.join(' OR ')})`
}

/** The NQL the shorthands stand for, or undefined when none is given. */
export function shorthandQuery(options: TableShorthands): string | undefined {
  const parts: string[] = list('tag', options.tag).map((t) => `\`sys/tags\`:stringSet CONTAINS ${quote(t)}`)
  const states = list('state', options.state).map((s) => {
    const state = readState(s)
    if (state === undefined)
      throw new InvalidOptionError(
        'INVALID_OPTION',
        `option 'state' of fetchRunsTable: unknown state ${quote(s)}`,
        {
          hint: "Use 'running' or 'idle' (Neptune's 'active' or 'inactive').",
        },
      )
    return `\`sys/state\`:experimentState = ${quote(state)}`
  })
  const owners = list('owner', options.owner).map((o) => `\`sys/owner\`:string = ${quote(o)}`)
  const ids = list('id', options.id).map((i) => `\`sys/id\`:string = ${quote(i)}`)
  for (const group of [states, owners, ids]) {
    const condition = anyOf(group)
    if (condition !== undefined) parts.push(condition)
  }
  return parts.length === 0 ? undefined : parts.join(' AND ')
}

/** The parsed `query` and the shorthands' conditions joined by AND (the query keeps its own offsets). */
export function withShorthands(ast: Expr | undefined, options: TableShorthands): Expr | undefined {
  const extra = shorthandQuery(options)
  if (extra === undefined) return ast
  const conditions = parseQuery(extra)!
  return ast === undefined ? conditions : { kind: 'and', operands: [ast, conditions], offset: 0 }
}
