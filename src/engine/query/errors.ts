/**
 * Errors of the query language and the runs table. Every one names the column of the query where the
 * problem is (1-based, counting characters from the start of the query) and shows the query with a caret.
 *
 * @example
 * try { project.fetchRunsTable({ query: 'acc >' }) }
 * catch (e) { if (e instanceof QuerySyntaxError) console.error(e.column, e.expected) }   // 6 ['a value']
 */
import { NereidError } from '../errors.js'

/** Where in a query a problem is, and what the query was. */
export interface QueryPosition {
  /** The whole query text. */
  query: string
  /** 0-based offset of the problem in the query. */
  offset: number
}

/** The query, with a caret under `offset`, indented for an error message. */
export function pointAt({ query, offset }: QueryPosition): string {
  const flat = query.replace(/[\r\n\t]/g, ' ')
  return `\n    ${flat}\n    ${' '.repeat(Math.min(offset, flat.length))}^`
}

/**
 * A query that is well formed but cannot run: an operator the field's type does not have, a value that is
 * not of the field's type, a field no run has (in the short form, whose types come from the project).
 * Codes: QUERY_TYPE, QUERY_VALUE, QUERY_UNKNOWN_FIELD.
 */
export class QueryError extends NereidError {
  override readonly name: string = 'QueryError'
  /** 1-based column of the problem in the query. */
  readonly column: number

  constructor(code: string, message: string, at: QueryPosition, hint: string) {
    super(code, `${message} (column ${at.offset + 1})${pointAt(at)}`, { hint })
    this.column = at.offset + 1
  }
}

/**
 * A query that does not parse. `column` says where, `expected` what would have been accepted there.
 *
 * @example
 * new QuerySyntaxError({ query: 'acc >', offset: 5 }, ['a value'], 'end of query')
 * // NQL syntax error: expected a value, found end of query (column 6)
 */
export class QuerySyntaxError extends QueryError {
  override readonly name = 'QuerySyntaxError'
  /** What the parser would have accepted at `column`. */
  readonly expected: readonly string[]
  /** What it found there instead. */
  readonly found: string

  constructor(at: QueryPosition, expected: readonly string[], found: string, hint?: string) {
    const wanted =
      expected.length <= 2
        ? expected.join(' or ')
        : `${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]}`
    super(
      'QUERY_SYNTAX',
      `NQL syntax error: expected ${wanted}, found ${found}`,
      at,
      hint ??
        'See docs/query.md for the query syntax, e.g. `metrics/acc`:floatSeries > 0.9 AND sys/tags CONTAINS "mlp".',
    )
    this.expected = expected
    this.found = found
  }
}
