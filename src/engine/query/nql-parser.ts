/**
 * A recursive-descent parser for NQL, Neptune's query language. Precedence, loosest first: OR, AND, NOT;
 * parentheses group. Keywords (AND, OR, NOT, CONTAINS, MATCHES, EXISTS), aggregates and type names are read
 * without regard to case. A syntax error names the column and what was expected there.
 *
 *   query     := expr? end
 *   expr      := and (OR and)*
 *   and       := not (AND not)*
 *   not       := NOT not | '(' expr ')' | condition
 *   condition := operand (op value | [NOT] CONTAINS value | [NOT] MATCHES value | [NOT] EXISTS)
 *   operand   := aggregate '(' attribute ')' | attribute
 *   attribute := (`path` | word) [':' type]
 *   value     := "string" | number | word
 *
 * @example
 * parseQuery('(`sys/tags`:stringSet CONTAINS "mlp") AND NOT metrics/acc < 0.5')
 * // { kind: 'and', operands: [{ kind: 'condition', … }, { kind: 'not', operand: { kind: 'condition', … } }] }
 */
import {
  AGGREGATES,
  nqlType,
  TYPE_NAMES,
  type Aggregate,
  type Attribute,
  type Condition,
  type Expr,
  type Operator,
  type Value,
} from './nql-ast.js'
import { QuerySyntaxError } from './errors.js'
import { tokenize, type Token } from './nql-lexer.js'

/** Deepest nesting of parentheses and NOTs a query may have. */
export const MAX_DEPTH = 64
/** Most conditions one query may have. */
export const MAX_CONDITIONS = 1000

const RESERVED = new Set(['AND', 'OR', 'NOT', 'CONTAINS', 'MATCHES', 'EXISTS'])
const OPERATOR = 'an operator (=, !=, >, >=, <, <=, =~, !~, CONTAINS, MATCHES)'
const VALUE = 'a value ("text", a number, true or false)'
const ATTRIBUTE = 'a field path'

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'end of query'
    case 'string':
      return JSON.stringify(token.text.length > 40 ? `${token.text.slice(0, 40)}…` : token.text)
    case 'path':
      return `\`${token.text}\``
    default:
      return `'${token.text}'`
  }
}

class Parser {
  private index = 0
  private depth = 0
  private conditions = 0

  constructor(
    private readonly query: string,
    private readonly tokens: Token[],
  ) {}

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!
  }

  private next(): Token {
    const token = this.peek()
    if (token.kind !== 'end') this.index++
    return token
  }

  private fail(expected: readonly string[], token = this.peek(), hint?: string): never {
    throw new QuerySyntaxError({ query: this.query, offset: token.offset }, expected, describe(token), hint)
  }

  private isWord(token: Token, keyword: string): boolean {
    return token.kind === 'word' && token.text.toUpperCase() === keyword
  }

  private enter(token: Token): void {
    if (++this.depth > MAX_DEPTH)
      this.fail([`at most ${MAX_DEPTH} nested parentheses or NOTs`], token, 'Simplify the query.')
  }

  /** The whole query; undefined when it is empty. */
  parse(): Expr | undefined {
    if (this.peek().kind === 'end') return undefined
    const expr = this.or()
    const end = this.peek()
    if (end.kind !== 'end')
      this.fail(
        ['AND', 'OR', 'end of query'],
        end,
        end.kind === 'rparen' ? 'This ) closes nothing.' : undefined,
      )
    return expr
  }

  private junction(kind: 'and' | 'or', keyword: string, operand: () => Expr): Expr {
    const first = operand()
    const operands = [first]
    while (this.isWord(this.peek(), keyword)) {
      this.next()
      operands.push(operand())
    }
    return operands.length === 1 ? first : { kind, operands, offset: first.offset }
  }

  private or(): Expr {
    return this.junction('or', 'OR', () => this.and())
  }

  private and(): Expr {
    return this.junction('and', 'AND', () => this.not())
  }

  private not(): Expr {
    const token = this.peek()
    if (this.isWord(token, 'NOT')) {
      this.next()
      this.enter(token)
      const operand = this.not()
      this.depth--
      return { kind: 'not', operand, offset: token.offset }
    }
    if (token.kind === 'lparen') {
      this.next()
      this.enter(token)
      const expr = this.or()
      if (this.peek().kind !== 'rparen')
        this.fail(["')'", 'AND', 'OR'], this.peek(), `The ( at column ${token.offset + 1} is not closed.`)
      this.next()
      this.depth--
      return expr
    }
    return this.condition()
  }

  private condition(): Expr {
    if (++this.conditions > MAX_CONDITIONS)
      this.fail([`at most ${MAX_CONDITIONS} conditions`], this.peek(), 'Split the query.')
    const attribute = this.operand()
    const token = this.peek()
    const make = (operator: Operator, value?: Value): Condition => ({
      kind: 'condition',
      attribute,
      operator,
      operatorOffset: token.offset,
      offset: attribute.offset,
      ...(value ? { value } : {}),
    })
    if (token.kind === 'op') {
      this.next()
      if (token.text === '=~') return make('MATCHES', this.value())
      if (token.text === '!~')
        return { kind: 'not', operand: make('MATCHES', this.value()), offset: attribute.offset }
      return make(token.text === '==' ? '=' : (token.text as Operator), this.value())
    }
    if (this.isWord(token, 'EXISTS')) {
      this.next()
      return make('EXISTS')
    }
    if (this.isWord(token, 'CONTAINS') || this.isWord(token, 'MATCHES')) {
      this.next()
      return make(token.text.toUpperCase() as Operator, this.value())
    }
    if (this.isWord(token, 'NOT')) {
      this.next()
      const after = this.peek()
      const word = after.kind === 'word' ? after.text.toUpperCase() : ''
      if (word !== 'CONTAINS' && word !== 'MATCHES' && word !== 'EXISTS')
        this.fail(
          ['CONTAINS', 'MATCHES', 'EXISTS'],
          after,
          'After a field, NOT negates CONTAINS, MATCHES or EXISTS; to negate another condition write NOT before it.',
        )
      this.next()
      const inner: Condition = {
        ...make(word as Operator, word === 'EXISTS' ? undefined : this.value()),
        operatorOffset: after.offset,
      }
      return { kind: 'not', operand: inner, offset: attribute.offset }
    }
    const expected = [OPERATOR, 'EXISTS', 'NOT EXISTS']
    if (attribute.type === undefined && attribute.aggregate === undefined) expected.push("':' and a type")
    return this.fail(expected, token)
  }

  private operand(): Attribute {
    const token = this.peek()
    const name = token.kind === 'word' ? token.text.toLowerCase() : ''
    if (AGGREGATES.has(name) && this.peek(1).kind === 'lparen') {
      this.next()
      this.next()
      const attribute = this.attribute()
      if (this.peek().kind !== 'rparen')
        this.fail(["')'"], this.peek(), `The ( of ${name}( at column ${token.offset + 1} is not closed.`)
      this.next()
      return { ...attribute, aggregate: name as Aggregate, offset: token.offset }
    }
    return this.attribute()
  }

  private attribute(): Attribute {
    const token = this.peek()
    const bare = token.kind === 'word' && !RESERVED.has(token.text.toUpperCase())
    if (!(bare || (token.kind === 'path' && token.text !== '') || token.kind === 'number')) {
      const hint =
        token.kind === 'word'
          ? `${token.text} is a keyword; quote a field named like it with backticks: \`${token.text}\`.`
          : undefined
      this.fail([ATTRIBUTE, "'('", 'NOT'], token, hint)
    }
    this.next()
    const attribute: Attribute = { path: token.text, offset: token.offset, pathOffset: token.offset }
    if (this.peek().kind !== 'colon') return attribute
    this.next()
    const typeToken = this.peek()
    const type = typeToken.kind === 'word' ? nqlType(typeToken.text) : undefined
    if (!type)
      this.fail(
        ['a type (' + TYPE_NAMES.join(', ') + ')'],
        typeToken,
        'Type names are written like `metrics/acc`:floatSeries; leave the type out to infer it from the project.',
      )
    this.next()
    return { ...attribute, type, typeOffset: typeToken.offset }
  }

  private value(): Value {
    const token = this.peek()
    if (
      token.kind === 'string' ||
      token.kind === 'number' ||
      (token.kind === 'word' && !RESERVED.has(token.text.toUpperCase()))
    ) {
      this.next()
      return { kind: token.kind, text: token.text, offset: token.offset }
    }
    const hint =
      token.kind === 'word'
        ? `Quote the value to compare with the word ${token.text}: "${token.text}".`
        : undefined
    return this.fail([VALUE], token, hint)
  }
}

/**
 * Parses `query` into a syntax tree; an empty query gives undefined (every run matches). Throws a
 * QuerySyntaxError naming the column and what was expected there.
 */
export function parseQuery(query: string): Expr | undefined {
  return new Parser(query, tokenize(query)).parse()
}
