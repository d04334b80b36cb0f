/**
 * fetchRunsTable's Neptune shorthands (tag, state, owner, id; joined with `query` by AND), the query
 * language's single-quoted strings and `=~` / `!~` on a real project, and sortBy in the forms columns take.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { InvalidOptionError } from '../../../src/index.js'
import { tempProject, thrown } from '../../helpers/project.js'

const project = tempProject({}, 'SH')
afterAll(() => project.close())

const made: Record<string, string> = {}
for (const [name, owner, tags, acc] of [
  ['alpha', 'alice', ['mlp', 'v2'], 0.5],
  ['beta', 'bob', ['mlp'], 0.9],
  ['gamma', 'alice', ['cnn', "it's"], 0.7],
] as const) {
  const { run } = project.importRun({ uuid: randomUUID(), sys: { name, owner, tags: [...tags] } })
  run.log({ 'metrics/acc': acc }, { step: 0 })
  run.close()
  made[name] = run.id
}
const running = project.startRun({ name: 'delta', tags: ['mlp'] })
running.flush()
made['delta'] = running.id

const names = (options: Parameters<typeof project.fetchRunsTable>[0]): string[] =>
  project
    .fetchRunsTable({ columns: ['sys/name'], sortBy: 'sys/name', ascending: true, ...options })
    .rows.map((row) => row[1] as string)

describe('fetchRunsTable shorthands', () => {
  it('tag: runs with the tag, or with every one of the tags', () => {
    expect(names({ tag: 'mlp' })).toEqual(['alpha', 'beta', 'delta'])
    expect(names({ tag: ['mlp', 'v2'] })).toEqual(['alpha'])
    expect(names({ tag: "it's" })).toEqual(['gamma'])
    expect(names({ tag: 'nope' })).toEqual([])
  })

  it("state: 'running' / 'idle' and Neptune's 'active' / 'inactive'", () => {
    expect(names({ state: 'active' })).toEqual(['delta'])
    expect(names({ state: 'running' })).toEqual(['delta'])
    expect(names({ state: 'inactive' })).toEqual(['alpha', 'beta', 'gamma'])
    expect(names({ state: ['idle', 'running'] })).toHaveLength(4)
  })

  it('owner and id: any of them; all shorthands and the query joined by AND', () => {
    expect(names({ owner: 'alice' })).toEqual(['alpha', 'gamma'])
    expect(names({ owner: ['alice', 'bob'] })).toEqual(['alpha', 'beta', 'gamma'])
    expect(names({ id: [made['beta']!, made['gamma']!] })).toEqual(['beta', 'gamma'])
    expect(names({ owner: 'alice', tag: 'mlp', state: 'inactive' })).toEqual(['alpha'])
    expect(names({ query: 'metrics/acc > 0.6', owner: 'alice' })).toEqual(['gamma'])
    expect(names({ query: 'metrics/acc > 0.6', tag: 'mlp', limit: 1 })).toEqual(['beta'])
  })

  it('refuses a bad shorthand with InvalidOptionError', () => {
    for (const options of [{ state: 'paused' }, { tag: 5 }, { owner: ['a', 1] }, { tags: 'mlp' }]) {
      const error = thrown(() => project.fetchRunsTable(options as never))
      expect(error).toBeInstanceOf(InvalidOptionError)
    }
    expect(thrown(() => project.fetchRunsTable({ tags: 'mlp' } as never)).hint).toContain("'tag'")
  })

  it("a query error still points into the user's query", () => {
    const error = thrown(() => project.fetchRunsTable({ query: 'metrics/acc >', tag: 'mlp' }))
    expect(error.message).toContain('(column 14)\n    metrics/acc >\n')
  })
})

describe('query language additions on a project', () => {
  it('single-quoted strings and =~ / !~ regex matches', () => {
    expect(names({ query: "sys/name = 'beta'" })).toEqual(['beta'])
    expect(names({ query: 'sys/name =~ "^(al|ga)"' })).toEqual(['alpha', 'gamma'])
    expect(names({ query: "sys/name =~ 'a$' AND sys/name !~ '^b'" })).toEqual(['alpha', 'delta', 'gamma'])
    expect(names({ query: "`sys/tags`:stringSet CONTAINS 'it\\'s'" })).toEqual(['gamma'])
  })

  it('sortBy takes the forms columns take (path, path:aggregate, aggregate(path))', () => {
    const byAcc = (sortBy: string) =>
      project
        .fetchRunsTable({ query: 'metrics/acc EXISTS', columns: ['sys/name'], sortBy })
        .rows.map((row) => row[1])
    for (const sortBy of ['metrics/acc', 'metrics/acc:max', 'max(metrics/acc)', 'last(metrics/acc)'])
      expect([sortBy, byAcc(sortBy)]).toEqual([sortBy, ['beta', 'gamma', 'alpha']])
  })
})
