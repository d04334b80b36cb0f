import { afterAll, describe, expect, it } from 'vitest'
import { NereidError } from '../../../src/index.js'
import { QueryError } from '../../../src/engine/query/errors.js'
import { fixtureProject, ids } from './fixture.js'
import { ATOMS, LOGIC, MIXED, REFUSED, SERIES, SETS } from './nql-cases.js'

const project = fixtureProject()
afterAll(() => project.close())

function matching(query: string): string[] {
  return (
    ids(project.fetchRunsTable({ query, columns: [], sortBy: 'sys/id', ascending: true })) as string[]
  ).map((id) => id.slice(2))
}

function queryError(query: string): QueryError {
  try {
    project.fetchRunsTable({ query })
  } catch (error) {
    expect(error).toBeInstanceOf(QueryError)
    expect(error).toBeInstanceOf(NereidError)
    return error as QueryError
  }
  throw new Error(`no error for ${query}`)
}

describe('float series: last by default, and every aggregate', () => {
  it.each(SERIES)('%s', (query, expected) => {
    expect(matching(query).join(' ')).toBe(expected)
  })
})

describe('atoms', () => {
  it.each(ATOMS)('%s', (query, expected) => {
    expect(matching(query).join(' ')).toBe(expected)
  })
})

describe('sets, states, string series', () => {
  it.each(SETS)('%s', (query, expected) => {
    expect(matching(query).join(' ')).toBe(expected)
  })
})

describe('short form over a path with several types', () => {
  it.each(MIXED)('%s', (query, expected) => {
    expect(matching(query).join(' ')).toBe(expected)
  })
})

describe('EXISTS, missing fields and logic', () => {
  it.each(LOGIC)('%s', (query, expected) => {
    expect(matching(query).join(' ')).toBe(expected)
  })
})

describe('queries that cannot run say why, where', () => {
  it.each(REFUSED)('%s', (query, code, column, hint) => {
    const error = queryError(query)
    expect(error.code).toBe(code)
    expect(error.column).toBe(column)
    expect(`${error.message} ${error.hint}`).toContain(hint)
  })

  it('checks the short form only against fields of runs', () => {
    // the field exists, so no error even though no run matches
    expect(matching('metrics/loss > 100')).toEqual([])
  })
})
