/**
 * Splits an NQL query into tokens, each with its offset in the query. Strings take double or single quotes
 * (`\"` / `\'` and `\\` are escapes; any other backslash is kept, so regular expressions like "\d+" read as
 * written); `=~` and `!~` are MATCHES and NOT MATCHES (as in the neptune-exporter's README); paths
 * may be quoted with backticks (`` \` `` and `\\` are escapes). A bare run of other characters is a word
 * (a short-form path, a keyword, a type, an unquoted value) or, when it reads as one, a number.
 *
 * @example
 * tokenize('`metrics/acc`:floatSeries > 0.9').map((t) => t.kind)
 * // ['path', 'colon', 'word', 'op', 'number', 'end']
 */
import { QuerySyntaxError } from './errors.js'

/** The kinds of token. */
export type TokenKind = 'lparen' | 'rparen' | 'colon' | 'op' | 'string' | 'path' | 'number' | 'word' | 'end'

/** One token: `text` is the decoded content (without quotes), `offset` where it starts in the query. */
export interface Token {
  kind: TokenKind
  text: string
  offset: number
}

/** The comparison operators, longest first so that `>=` is not read as `>` then `=`. */
const OPERATORS = ['==', '!=', '=~', '!~', '>=', '<=', '=', '>', '<'] as const

/** A number as NQL writes it: an optional sign, digits with an optional fraction, an optional exponent. */
export const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/

// Characters that end a bare word.
const DELIMITERS = new Set([' ', '\t', '\r', '\n', '(', ')', '"', "'", '`', ':', '=', '!', '<', '>'])

function quoted(query: string, start: number, quote: '"' | "'" | '`'): { text: string; end: number } {
  let text = ''
  for (let i = start + 1; i < query.length; i++) {
    const c = query[i]!
    if (c === quote) return { text, end: i + 1 }
    if (c === '\\' && (query[i + 1] === quote || query[i + 1] === '\\')) {
      text += query[++i]
      continue
    }
    text += c
  }
  const what = quote === '`' ? 'path' : 'string'
  throw new QuerySyntaxError(
    { query, offset: query.length },
    [`a closing ${quote} for the ${what}`],
    'end of query',
    `The ${what} opened at column ${start + 1} is not closed; write \\${quote} for a ${quote} inside it.`,
  )
}

/** The tokens of `query`, ending with an 'end' token. Throws a QuerySyntaxError for a character NQL does not use. */
export function tokenize(query: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < query.length) {
    const c = query[i]!
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++
      continue
    }
    const offset = i
    if (c === '(' || c === ')' || c === ':') {
      tokens.push({ kind: c === '(' ? 'lparen' : c === ')' ? 'rparen' : 'colon', text: c, offset })
      i++
      continue
    }
    const op = OPERATORS.find((o) => query.startsWith(o, i))
    if (op) {
      tokens.push({ kind: 'op', text: op, offset })
      i += op.length
      continue
    }
    if (c === '"' || c === "'" || c === '`') {
      const { text, end } = quoted(query, i, c)
      tokens.push({ kind: c === '`' ? 'path' : 'string', text, offset })
      i = end
      continue
    }
    if (c === '!') {
      throw new QuerySyntaxError(
        { query, offset },
        ['!=', '!~'],
        `'${c}'`,
        'Write != for "not equal", !~ for "does not match", or NOT before a condition.',
      )
    }
    let end = i
    while (end < query.length && !DELIMITERS.has(query[end]!)) end++
    const text = query.slice(i, end)
    tokens.push({ kind: NUMBER.test(text) ? 'number' : 'word', text, offset })
    i = end
  }
  tokens.push({ kind: 'end', text: '', offset: query.length })
  return tokens
}
