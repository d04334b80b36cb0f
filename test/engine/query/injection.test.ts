import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core'
import { afterAll, describe, expect, it } from 'vitest'
import { NereidError, openProject } from '../../../src/index.js'
import { resolveQuery } from '../../../src/engine/query/infer-types.js'
import { compileFilter } from '../../../src/engine/query/nql-compile.js'
import { parseQuery } from '../../../src/engine/query/nql-parser.js'
import { tempProjectDir } from '../../helpers/tmp.js'

const project = openProject(tempProjectDir('inject'), { key: 'I', onWarning: () => {} })
for (const name of ['plain', '100%', 'a_b', "it's", 'x" OR 1=1 --']) project.startRun({ name }).close()
afterAll(() => project.close())

const ATTACKS = [
  `' OR 1=1 --`,
  `" OR 1=1 --`,
  `x'); DROP TABLE runs; --`,
  `x"); DROP TABLE fields; --`,
  `') UNION SELECT sys_id, uuid FROM runs --`,
  `\\'; DELETE FROM runs; --`,
  `%`,
  `_`,
  `*`,
  `]]"}`,
]

function nqlString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

function names(query: string): string[] {
  return project
    .fetchRunsTable({ query, columns: ['sys/name'], sortBy: 'sys/id', ascending: true })
    .rows.map((r) => r[1] as string)
}

function intact(): void {
  expect(project.runs.list().map((r) => r.name)).toEqual(['plain', '100%', 'a_b', "it's", 'x" OR 1=1 --'])
  expect(project.stats().runs).toBe(5)
}

describe('values are bound parameters, never SQL', () => {
  it.each(ATTACKS)('%s', (attack) => {
    const value = nqlString(attack)
    for (const op of ['=', '!=', 'CONTAINS', 'NOT CONTAINS']) {
      const found = names(`sys/name ${op} ${value}`)
      const expected = ['plain', '100%', 'a_b', "it's", 'x" OR 1=1 --'].filter((n) => {
        const hit = op.endsWith('CONTAINS') ? n.includes(attack) : n === attack
        return op.startsWith('NOT') || op === '!=' ? !hit : hit
      })
      expect(found).toEqual(expected)
    }
    expect(names(`sys/tags CONTAINS ${value}`)).toEqual([])
    expect(
      names(`\`sys/name\`:string MATCHES ${nqlString(attack.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'))}`).length,
    ).toBeLessThanOrEqual(1)
    intact()
  })

  it('matches % and _ literally in CONTAINS (no LIKE wildcards)', () => {
    expect(names('sys/name CONTAINS "%"')).toEqual(['100%'])
    expect(names('sys/name CONTAINS "_"')).toEqual(['a_b'])
  })

  it('finds the run whose name is itself an attack, and only it', () => {
    expect(names(`sys/name = ${nqlString('x" OR 1=1 --')}`)).toEqual(['x" OR 1=1 --'])
    expect(names(`sys/name = ${nqlString("it's")}`)).toEqual(["it's"])
  })

  it('leaves the SQL text free of every value and path', () => {
    const dialect = new SQLiteSyncDialect()
    const attack = `x'); DROP TABLE runs; --`
    const query = `\`${attack}\`:string = ${nqlString(attack)} OR \`${attack}\`:float > 1 OR \`${attack}\`:stringSet CONTAINS ${nqlString(attack)}`
    const compiled = dialect.sqlToQuery(
      compileFilter(resolveQuery(undefined as never, parseQuery(query)!, 'run', query)),
    )
    expect(compiled.sql).not.toContain('DROP')
    expect(compiled.params).toContain(attack)
  })
})

describe('paths and columns cannot inject either', () => {
  it.each(ATTACKS)('%s', (attack) => {
    const path = `sys/name${attack}`.replace(/`/g, '')
    // full form: no run has that field, so nothing matches
    expect(names(`\`${path.replace(/\\/g, '\\\\')}\`:string = "plain"`)).toEqual([])
    // short form: the field is unknown
    expect(() => names(`\`${path.replace(/\\/g, '\\\\')}\` = "plain"`)).toThrow(NereidError)
    // columns and sort: unknown columns
    expect(() => project.fetchRunsTable({ columns: [path] })).toThrow(/UNKNOWN_COLUMN|no run has a field/)
    expect(() => project.fetchRunsTable({ sortBy: path })).toThrow(NereidError)
    intact()
  })

  it('reads a column named like JSON or SQL as a plain path', () => {
    const run = project.runs.resume('I-1')
    run.assign('x"]) OR 1=1 --', 'odd')
    run.close()
    const table = project.fetchRunsTable({ columns: ['x"]) OR 1=1 --'], sortBy: 'sys/id', ascending: true })
    expect(table.rows.map((r) => r[1])).toEqual(['odd', null, null, null, null])
    intact()
  })
})
