import { describe, expect, it } from 'vitest'
import { NereidError } from '../../../src/index.js'
import { QuerySyntaxError } from '../../../src/engine/query/errors.js'
import type { Condition, Expr } from '../../../src/engine/query/nql-ast.js'
import { tokenize } from '../../../src/engine/query/nql-lexer.js'
import { MAX_CONDITIONS, MAX_DEPTH, parseQuery } from '../../../src/engine/query/nql-parser.js'

/** A compact rendering of a tree, for readable expectations. */
function show(expr: Expr | undefined): string {
  if (!expr) return '<all>'
  switch (expr.kind) {
    case 'condition': {
      const { path, type, aggregate } = expr.attribute
      const attribute = `${aggregate ? `${aggregate}(` : ''}${path}${type ? `:${type}` : ''}${aggregate ? ')' : ''}`
      return expr.value
        ? `${attribute} ${expr.operator} ${expr.value.kind}:${expr.value.text}`
        : `${attribute} ${expr.operator}`
    }
    case 'not':
      return `NOT(${show(expr.operand)})`
    default:
      return `${expr.kind.toUpperCase()}(${expr.operands.map(show).join(', ')})`
  }
}

function condition(query: string): Condition {
  const expr = parseQuery(query)
  if (expr?.kind !== 'condition') throw new Error(`not a condition: ${show(expr)}`)
  return expr
}

function syntaxError(query: string): QuerySyntaxError {
  try {
    parseQuery(query)
  } catch (error) {
    expect(error).toBeInstanceOf(QuerySyntaxError)
    return error as QuerySyntaxError
  }
  throw new Error(`no error for ${query}`)
}

describe('lexer', () => {
  it('splits operators, paths, strings, numbers and words with offsets', () => {
    expect(tokenize('`a b`:float>=-1.5e3 AND x').map((t) => [t.kind, t.text, t.offset])).toEqual([
      ['path', 'a b', 0],
      ['colon', ':', 5],
      ['word', 'float', 6],
      ['op', '>=', 11],
      ['number', '-1.5e3', 13],
      ['word', 'AND', 20],
      ['word', 'x', 24],
      ['end', '', 25],
    ])
  })

  it('reads every comparison operator, longest first', () => {
    expect(
      tokenize('= == != > >= < <=')
        .filter((t) => t.kind === 'op')
        .map((t) => t.text),
    ).toEqual(['=', '==', '!=', '>', '>=', '<', '<='])
  })

  it('decodes \\" and \\\\ in strings and keeps other backslashes', () => {
    expect(tokenize(String.raw`"a \"b\" \\ \d+"`)[0]!.text).toBe(String.raw`a "b" \ \d+`)
    expect(tokenize(String.raw`"\\d"`)[0]!.text).toBe(String.raw`\d`)
  })

  it('decodes \\` and \\\\ in backticked paths', () => {
    expect(tokenize('`we\\`ird\\\\ path:x`')[0]).toEqual({ kind: 'path', text: 'we`ird\\ path:x', offset: 0 })
  })

  it('tells numbers from words', () => {
    const kinds = (q: string) =>
      tokenize(q)
        .slice(0, -1)
        .map((t) => t.kind)
    expect(kinds('1 -2 3.5 .5 1e-3 -2E+4 +7')).toEqual(Array(7).fill('number'))
    expect(kinds('SAN-3 2nd/acc 1.2.3 NaN true metrics/acc')).toEqual(Array(6).fill('word'))
  })
})

describe('parser: operators and values', () => {
  it.each([
    ['acc = 1', 'acc = number:1'],
    ['acc == 1', 'acc = number:1'],
    ['acc != 1', 'acc != number:1'],
    ['acc > 1', 'acc > number:1'],
    ['acc >= 1', 'acc >= number:1'],
    ['acc < 1', 'acc < number:1'],
    ['acc <= 1', 'acc <= number:1'],
    ['tags CONTAINS "x"', 'tags CONTAINS string:x'],
    ['tags contains x', 'tags CONTAINS word:x'],
    ['tags NOT CONTAINS "x"', 'NOT(tags CONTAINS string:x)'],
    ['name MATCHES "^a.*"', 'name MATCHES string:^a.*'],
    ['name not matches "^a"', 'NOT(name MATCHES string:^a)'],
    ['acc EXISTS', 'acc EXISTS'],
    ['acc exists', 'acc EXISTS'],
    ['acc NOT EXISTS', 'NOT(acc EXISTS)'],
    ['id = SAN-3', 'id = word:SAN-3'],
    ['flag = true', 'flag = word:true'],
    ['x = ""', 'x = string:'],
    ['x = -0.5', 'x = number:-0.5'],
    ['x=1', 'x = number:1'],
  ])('%s', (query, expected) => {
    expect(show(parseQuery(query))).toBe(expected)
  })

  it.each([
    ['string', 'string'],
    ['stringSet', 'stringSet'],
    ['experimentState', 'experimentState'],
    ['bool', 'bool'],
    ['boolean', 'bool'],
    ['datetime', 'datetime'],
    ['int', 'int'],
    ['integer', 'int'],
    ['float', 'float'],
    ['floatSeries', 'floatSeries'],
    ['stringSeries', 'stringSeries'],
    ['FLOATSERIES', 'floatSeries'],
    ['StringSet', 'stringSet'],
  ])('type %s', (name, type) => {
    expect(condition(`\`f\`:${name} EXISTS`).attribute.type).toBe(type)
    expect(condition(`f:${name} EXISTS`).attribute.type).toBe(type)
  })

  it.each(['last', 'min', 'max', 'average', 'variance', 'LAST', 'Average'])('aggregate %s', (name) => {
    const { attribute } = condition(`${name}(\`metrics/acc\`:floatSeries) > 0.9`)
    expect(attribute).toMatchObject({
      path: 'metrics/acc',
      type: 'floatSeries',
      aggregate: name.toLowerCase(),
      offset: 0,
    })
    expect(condition(`${name}(metrics/acc) > 0.9`).attribute.aggregate).toBe(name.toLowerCase())
  })

  it('reads an aggregate name without ( as a path', () => {
    expect(condition('min > 3').attribute).toMatchObject({ path: 'min' })
    expect(condition('max:float > 3').attribute).toMatchObject({ path: 'max', type: 'float' })
  })

  it('keeps the offsets of every part', () => {
    const c = condition('last(`m/acc`:floatSeries) >= "0.5"')
    expect(c).toMatchObject({
      offset: 0,
      operatorOffset: 26,
      value: { kind: 'string', text: '0.5', offset: 29 },
    })
    expect(c.attribute).toMatchObject({ offset: 0, pathOffset: 5, typeOffset: 13 })
  })

  it('reads Neptune documentation queries', () => {
    expect(show(parseQuery('(`sys/tags`:stringSet CONTAINS "some-tag") AND (`f1`:float >= 0.85)'))).toBe(
      'AND(sys/tags:stringSet CONTAINS string:some-tag, f1:float >= number:0.85)',
    )
    expect(show(parseQuery('(last(`accuracy`:floatSeries) > 0.88) AND (`learning_rate`:float < 0.01)'))).toBe(
      'AND(last(accuracy:floatSeries) > number:0.88, learning_rate:float < number:0.01)',
    )
    expect(show(parseQuery('`sys/description`:string = "test on new data"'))).toBe(
      'sys/description:string = string:test on new data',
    )
    expect(
      show(parseQuery('NOT (`sys/name`:string == "a") AND (`sys/tags`:stringSet NOT CONTAINS "b")')),
    ).toBe('AND(NOT(sys/name:string = string:a), NOT(sys/tags:stringSet CONTAINS string:b))')
    expect(
      show(
        parseQuery(
          '((param1 = 5 AND recall >= 0.9) OR (param1 < 5 AND param1 > 2 AND recall >= 0.7)) AND owner = Fred AND NOT status = Succeeded',
        ),
      ),
    ).toBe(
      'AND(OR(AND(param1 = number:5, recall >= number:0.9), AND(param1 < number:5, param1 > number:2, recall >= number:0.7)), owner = word:Fred, NOT(status = word:Succeeded))',
    )
  })

  it('gives undefined (every run) for an empty query', () => {
    expect(parseQuery('')).toBeUndefined()
    expect(parseQuery('  \n\t ')).toBeUndefined()
  })
})

describe('parser: precedence', () => {
  it.each([
    ['a = 1 OR b = 2 AND c = 3', 'OR(a = number:1, AND(b = number:2, c = number:3))'],
    ['a = 1 AND b = 2 OR c = 3', 'OR(AND(a = number:1, b = number:2), c = number:3)'],
    ['(a = 1 OR b = 2) AND c = 3', 'AND(OR(a = number:1, b = number:2), c = number:3)'],
    ['NOT a = 1 AND b = 2', 'AND(NOT(a = number:1), b = number:2)'],
    ['NOT (a = 1 AND b = 2)', 'NOT(AND(a = number:1, b = number:2))'],
    ['NOT NOT a EXISTS', 'NOT(NOT(a EXISTS))'],
    ['a = 1 or b = 2 and not c = 3', 'OR(a = number:1, AND(b = number:2, NOT(c = number:3)))'],
    ['a EXISTS AND b EXISTS AND c EXISTS', 'AND(a EXISTS, b EXISTS, c EXISTS)'],
    ['((((a EXISTS))))', 'a EXISTS'],
    ['a NOT CONTAINS "x" OR b EXISTS', 'OR(NOT(a CONTAINS string:x), b EXISTS)'],
  ])('%s', (query, expected) => {
    expect(show(parseQuery(query))).toBe(expected)
  })
})

describe('parser: syntax errors say what was expected at which column', () => {
  it.each([
    ['acc >', 6, 'a value', 'end of query'],
    ['acc', 4, 'an operator', 'end of query'],
    ['acc 0.5', 5, 'an operator', "'0.5'"],
    ['= 1', 1, 'a field path', "'='"],
    ['acc = 1 AND', 12, 'a field path', 'end of query'],
    ['acc = 1 AND OR b = 1', 13, 'a field path', "'OR'"],
    ['(acc = 1', 9, "')'", 'end of query'],
    ['acc = 1)', 8, 'end of query', "')'"],
    ['acc = 1 b = 2', 9, 'AND', "'b'"],
    ['acc:floaty > 1', 5, 'a type', "'floaty'"],
    ['acc: > 1', 6, 'a type', "'>'"],
    ["acc = 'x", 9, "a closing '", 'end of query'],
    ['acc = "x', 9, 'a closing "', 'end of query'],
    ['`acc = 1', 9, 'a closing `', 'end of query'],
    ['acc ! 1', 5, '!=', "'!'"],
    ['acc NOT = 1', 9, 'CONTAINS', "'='"],
    ['acc = AND', 7, 'a value', "'AND'"],
    ['acc = (1)', 7, 'a value', "'('"],
    ['last(acc > 1', 10, "')'", "'>'"],
    ['last(acc:floatSeries > 1', 22, "')'", "'>'"],
    ['AND = 1', 1, 'a field path', "'AND'"],
    ['`` = 1', 1, 'a field path', '``'],
    ['NOT', 4, 'a field path', 'end of query'],
    ['()', 2, 'a field path', "')'"],
  ])('%s -> column %i', (query, column, expected, found) => {
    const error = syntaxError(query)
    expect(error.column).toBe(column)
    expect(error.expected.join(' | ')).toContain(expected)
    expect(error.found).toBe(found)
    expect(error.code).toBe('QUERY_SYNTAX')
    expect(error).toBeInstanceOf(NereidError)
    expect(error.hint.length).toBeGreaterThan(0)
    expect(error.message).toContain(`(column ${column})`)
    // the message shows the query with a caret under the column
    const lines = error.message.split('\n')
    const caret = lines.findIndex((l) => l.trim() === '^')
    expect(lines[caret - 1]!.trimStart()).toBe(query)
    expect(lines[caret]!.indexOf('^') - lines[caret - 1]!.indexOf(query)).toBe(column - 1)
  })

  it('hints at backticks for a keyword used as a path', () => {
    expect(syntaxError('EXISTS EXISTS').hint).toContain('`EXISTS`')
  })

  it("reads single-quoted strings like double-quoted ones (\\' and \\\\ escape)", () => {
    expect(show(parseQuery("name = 'x'"))).toBe(show(parseQuery('name = "x"')))
    expect(show(parseQuery("name = 'it\\'s \"q\"'"))).toBe(show(parseQuery('name = "it\'s \\"q\\""')))
    expect(tokenize("'a\\\\b'")[0]).toMatchObject({ kind: 'string', text: 'a\\b' })
  })

  it('reads =~ as MATCHES and !~ as NOT MATCHES', () => {
    expect(show(parseQuery('sys/name =~ "^ba.*"'))).toBe(show(parseQuery('sys/name MATCHES "^ba.*"')))
    expect(show(parseQuery("sys/name !~ 'x'"))).toBe(show(parseQuery('sys/name NOT MATCHES "x"')))
    expect(show(parseQuery('a=~"x"'))).toBe(show(parseQuery('a MATCHES "x"')))
  })

  it('refuses queries nested too deeply', () => {
    const deep = `${'('.repeat(MAX_DEPTH + 1)}a EXISTS${')'.repeat(MAX_DEPTH + 1)}`
    expect(syntaxError(deep).expected[0]).toContain('nested')
    expect(show(parseQuery(`${'('.repeat(MAX_DEPTH)}a EXISTS${')'.repeat(MAX_DEPTH)}`))).toBe('a EXISTS')
    expect(syntaxError(`${'NOT '.repeat(MAX_DEPTH + 1)}a EXISTS`).column).toBe(4 * MAX_DEPTH + 1)
  })

  it('refuses more than the maximum number of conditions', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `a = ${i}`).join(' OR ')
    expect(parseQuery(many(MAX_CONDITIONS))?.kind).toBe('or')
    expect(syntaxError(many(MAX_CONDITIONS + 1)).expected[0]).toContain('conditions')
  })
})
