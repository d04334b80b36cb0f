import { describe, expect, it } from 'vitest'
import { cli, demoWorkspace, json } from './cli.js'

const { dir } = demoWorkspace()
const ls = (...args: string[]) => cli(['ls', '--project', dir, ...args])

describe('nereid ls', () => {
  it('prints the default columns as JSON that parses back', () => {
    const rows = json<Record<string, unknown>[]>(ls('--json'))
    expect(rows.map((r) => r['sys/id'])).toEqual(['DEMO-3', 'DEMO-2', 'DEMO-1'])
    expect(Object.keys(rows[0]!)).toEqual([
      'sys/id',
      'sys/name',
      'sys/state',
      'sys/creation_time',
      'sys/tags',
    ])
    expect(rows[2]).toMatchObject({ 'sys/name': 'first', 'sys/state': 'idle', 'sys/tags': ['a', 'b'] })
    expect(Number.isNaN(Date.parse(rows[2]!['sys/creation_time'] as string))).toBe(false)
  })

  it('filters, chooses columns, sorts and limits', () => {
    const rows = json(
      ls(
        '--json',
        '--query',
        'metrics/acc > 0.5 OR sys/tags CONTAINS "b"',
        '--columns',
        'parameters/lr,metrics/acc',
        '-c',
        'metrics/acc:max',
        '--sort',
        'parameters/lr',
        '--asc',
        '--limit',
        '2',
      ),
    )
    expect(rows).toEqual([
      { 'sys/id': 'DEMO-1', 'parameters/lr': 0.01, 'metrics/acc': 0.9, 'metrics/acc:max': 0.9 },
      { 'sys/id': 'DEMO-2', 'parameters/lr': 0.1, 'metrics/acc': 'NaN', 'metrics/acc:max': 0.2 },
    ])
    expect(
      json(ls('--json', '-q', '`sys/name`:string = "third"', '-c', 'sys/name', '--offset', '0')),
    ).toEqual([{ 'sys/id': 'DEMO-3', 'sys/name': 'third' }])
  })

  it('writes integers beyond 2^53 as strings and smaller ones as numbers', () => {
    const [row] = json<Record<string, unknown>[]>(
      ls('--json', '-q', 'parameters/big EXISTS', '-c', 'parameters/big,parameters/small'),
    )
    expect(row).toEqual({ 'sys/id': 'DEMO-1', 'parameters/big': String(2n ** 60n), 'parameters/small': 7 })
  })

  it('gives every field with --all', () => {
    const rows = json<Record<string, unknown>[]>(ls('--all', '--json', '--sort', 'sys/id', '--asc'))
    expect(rows[0]).toMatchObject({
      'sys/id': 'DEMO-1',
      'parameters/optimizer': 'adam',
      'metrics/acc': 0.9,
      'logs/text': 'hello',
    })
  })

  it('prints CSV with a header', () => {
    const result = ls('--csv', '-c', 'sys/name,sys/tags,metrics/acc', '--sort', 'sys/id', '--asc')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(
      'sys/id,sys/name,sys/tags,metrics/acc\nDEMO-1,first,"[""a"",""b""]",0.9\nDEMO-2,second,"[""b""]",NaN\nDEMO-3,third,[],1\n',
    )
  })

  it('prints a table for people, without colour when not on a terminal', () => {
    const result = ls('-c', 'sys/name,metrics/acc')
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/sys\/id.*sys\/name.*metrics\/acc/)
    expect(result.stdout).toMatch(/DEMO-1.*first.*0\.9/)
    expect(result.stdout).not.toContain('\u001b[')
    expect(result.stderr).toContain('3 runs')
  })

  it('colours only when forced or on a TTY', () => {
    const forced = cli(['ls', '--project', dir], { FORCE_COLOR: '1', NO_COLOR: '' })
    expect(forced.stdout).toContain('\u001b[')
    const off = cli(['--no-color', 'ls', '--project', dir], { FORCE_COLOR: '1', NO_COLOR: '' })
    expect(off.stdout).not.toContain('\u001b[')
  })

  it('says so when nothing matches', () => {
    const result = ls('-q', 'metrics/acc > 5')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('No run matches')
    expect(json(ls('-q', 'metrics/acc > 5', '--json'))).toEqual([])
  })
})

describe('nereid ls: bad input', () => {
  it('reports an NQL syntax error with its column and exits 2', () => {
    const result = ls('-q', 'metrics/acc >')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('error [QUERY_SYNTAX]')
    expect(result.stderr).toContain('(column 14)')
    expect(result.stderr).toMatch(/\n {4}metrics\/acc >\n {17}\^/)
    expect(result.stderr).toContain('hint:')
  })

  it('reports errors as JSON on stderr with --json', () => {
    const result = ls('-q', 'metrics/acc >', '--json')
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    const { error } = JSON.parse(result.stderr) as { error: { code: string; column: number; hint: string } }
    expect(error).toMatchObject({ code: 'QUERY_SYNTAX', column: 14 })
    expect(error.hint.length).toBeGreaterThan(0)
  })

  it.each([
    [['-q', 'metrics/accc > 1'], 1, 'QUERY_UNKNOWN_FIELD', "Did you mean 'metrics/acc'?"],
    [['-q', 'sys/tags > 1'], 1, 'QUERY_TYPE', 'CONTAINS'],
    [['-c', 'metrics/acc,parameters/lrr'], 1, 'UNKNOWN_COLUMN', "Did you mean 'parameters/lr'?"],
    [['--sort', 'nope'], 1, 'UNKNOWN_COLUMN', 'hint:'],
    [['-c', 'parameters/lr:max'], 1, 'INVALID_COLUMN', 'hint:'],
    [['-c', 'a//b'], 2, 'INVALID_PATH', 'hint:'],
    [['--limit', 'abc'], 2, 'USAGE', '--limit 20'],
    [['--limit', '-1'], 2, 'USAGE', '--limit 20'],
    [['--json', '--csv'], 2, 'USAGE', 'one output format'],
    [['--all', '-c', 'sys/name'], 2, 'USAGE', '--all'],
  ])('%j exits %i with %s', (args, code, errorCode, hint) => {
    const result = ls(...args)
    expect(result.code).toBe(code)
    expect(result.stderr).toMatch(new RegExp(`error \\[${errorCode}\\]|"code":"${errorCode}"`))
    expect(result.stderr).toContain(hint)
    expect(result.stdout).toBe('')
  })

  it('refuses an unknown flag with exit code 2', () => {
    const result = ls('--bogus')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("error [USAGE]: unknown option '--bogus'")
    expect(result.stderr).toContain('hint: add --help for usage')
    const asJson = ls('--bogus', '--json')
    expect(asJson.code).toBe(2)
    expect(JSON.parse(asJson.stderr)).toMatchObject({
      error: { code: 'USAGE', message: "unknown option '--bogus'" },
    })
  })
})
