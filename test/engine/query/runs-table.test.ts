import { afterAll, describe, expect, it } from 'vitest'
import { InvalidOptionError, InvalidPathError, NotFoundError, openProject } from '../../../src/index.js'
import { tempProjectDir } from '../../helpers/tmp.js'
import { fixtureProject, ids } from './fixture.js'

const project = fixtureProject()
afterAll(() => project.close())

function column(name: string, sortBy = 'sys/id'): unknown[] {
  const table = project.fetchRunsTable({ columns: [name], sortBy, ascending: true })
  return table.rows.map((row) => row[1])
}

function thrown(fn: () => unknown): Error & { code?: string; hint?: string } {
  try {
    fn()
  } catch (error) {
    return error as Error
  }
  throw new Error('nothing thrown')
}

describe('columns and typed values', () => {
  it('starts with sys/id and gives every field when no columns are asked', () => {
    const table = project.fetchRunsTable({ sortBy: 'sys/id', ascending: true })
    const names = table.columns.map((c) => c.name)
    expect(names[0]).toBe('sys/id')
    expect(names).toContain('metrics/acc')
    expect(names).toContain('parameters/big')
    const firstNonSys = names.findIndex((n, i) => i > 0 && !n.startsWith('sys/'))
    expect(names.slice(1, firstNonSys).every((n) => n.startsWith('sys/'))).toBe(true)
    expect(names.slice(firstNonSys).every((n) => !n.startsWith('sys/'))).toBe(true)
    expect(ids(table)).toEqual(['T-1', 'T-2', 'T-3', 'T-4'])
    expect(table.columns.find((c) => c.name === 'metrics/acc')?.type).toBe('FloatSeries')
  })

  it('gives only sys/id for an empty column list', () => {
    const table = project.fetchRunsTable({ columns: [] })
    expect(table.columns.map((c) => c.name)).toEqual(['sys/id'])
    expect(table.rows.every((row) => row.length === 1)).toBe(true)
  })

  it('decodes every type exactly', () => {
    expect(column('parameters/lr')).toEqual([0.01, 0.1, 0.5, null])
    expect(column('parameters/big')).toEqual([9007199254740993n, null, null, null])
    expect(column('parameters/epochs')).toEqual([10n, 20n, -3n, null])
    expect(column('parameters/flag')).toEqual([true, false, null, null])
    expect(column('parameters/opt')).toEqual(['adam', 'sgd', null, null])
    expect(column('when')).toEqual([
      new Date('2024-01-01T00:00:00Z'),
      new Date('2024-06-01T00:00:00Z'),
      null,
      null,
    ])
    expect(column('sys/tags')).toEqual([['good', 'mlp'], ['cnn'], [], []])
    expect(column('logs/msg')).toEqual(['done', null, 'x', null])
    expect(Object.is(column('neg')[0], -0)).toBe(true)
    expect(column('nanval')[0]).toBeNaN()
    const acc = column('metrics/acc')
    expect(acc[0]).toBe(0.9)
    expect(acc[1]).toBeNaN()
    expect(acc.slice(2)).toEqual([1, null])
  })

  it('gives series summaries as :aggregate or aggregate(path)', () => {
    const table = project.fetchRunsTable({
      columns: [
        'metrics/acc:last',
        'min(metrics/acc)',
        'metrics/acc:max',
        'metrics/acc:average',
        'metrics/acc:variance',
        'metrics/acc:count',
        'logs/msg:count',
        'logs/msg:last',
      ],
      sortBy: 'sys/id',
      ascending: true,
    })
    expect(table.columns.map((c) => c.name)).toEqual([
      'sys/id',
      'metrics/acc:last',
      'metrics/acc:min',
      'metrics/acc:max',
      'metrics/acc:average',
      'metrics/acc:variance',
      'metrics/acc:count',
      'logs/msg:count',
      'logs/msg:last',
    ])
    const [alpha, beta, gamma, delta] = table.rows
    const avg = (0.5 + 0.7 + 0.9) / 3
    expect(alpha).toEqual([
      'T-1',
      0.9,
      0.5,
      0.9,
      avg,
      Math.max(0, (0.25 + 0.48999999999999994 + 0.81) / 3 - avg * avg),
      3,
      2,
      'done',
    ])
    expect(beta!.slice(2, 7)).toEqual([0.2, 0.2, 0.2, 0, 2])
    expect(beta![1]).toBeNaN()
    expect(gamma!.slice(1, 8)).toEqual([1, 1, Infinity, 1, 0, 2, 1])
    expect(delta).toEqual(['T-4', null, null, null, null, null, null, null, null])
  })

  it('computes the variance from the stored sums exactly like the filter does', () => {
    const [alpha] = project.fetchRunsTable({
      columns: ['metrics/acc:variance'],
      sortBy: 'sys/id',
      ascending: true,
    }).rows
    const variance = alpha![1] as number
    expect(
      ids(project.fetchRunsTable({ query: `variance(metrics/acc) = ${variance}`, columns: [] })),
    ).toEqual(['T-1'])
  })

  it('reads a path that itself ends in :max as that path', () => {
    expect(column('odd:max')).toEqual([7, null, null, null])
  })

  it('drops duplicate columns and a repeated sys/id', () => {
    const table = project.fetchRunsTable({
      columns: ['sys/id', 'metrics/acc:max', 'max(metrics/acc)', 'sys/name', 'sys/name'],
    })
    expect(table.columns.map((c) => c.name)).toEqual(['sys/id', 'metrics/acc:max', 'sys/name'])
  })

  it('reports the types a column holds, joined when runs disagree', () => {
    const table = project.fetchRunsTable({ columns: ['mix', 'parameters/lr', 'when', 'metrics/acc:max'] })
    const types = Object.fromEntries(table.columns.map((c) => [c.name, c.type]))
    expect(types['mix']).toBe('Float|Integer|String')
    expect(types).toMatchObject({
      'parameters/lr': 'Float',
      when: 'Datetime',
      'metrics/acc:max': 'FloatSeries',
    })
    expect(table.columns.find((c) => c.name === 'metrics/acc:max')).toMatchObject({
      path: 'metrics/acc',
      aggregate: 'max',
    })
  })
})

describe('sorting and paging', () => {
  const order = (options: { sortBy?: string; ascending?: boolean; limit?: number; offset?: number }) =>
    ids(project.fetchRunsTable({ columns: [], ...options }))

  it('sorts newest first by default', () => {
    expect(order({})).toEqual(['T-4', 'T-3', 'T-2', 'T-1'])
    expect(order({ ascending: true })).toEqual(['T-1', 'T-2', 'T-3', 'T-4'])
  })

  it('puts runs without a value (or NaN) last in both directions, ties in creation order', () => {
    expect(order({ sortBy: 'metrics/acc' })).toEqual(['T-3', 'T-1', 'T-4', 'T-2'])
    expect(order({ sortBy: 'metrics/acc', ascending: true })).toEqual(['T-1', 'T-3', 'T-2', 'T-4'])
  })

  it('sorts integers numerically, summaries by their value, strings by text', () => {
    expect(order({ sortBy: 'parameters/epochs', ascending: true })).toEqual(['T-3', 'T-1', 'T-2', 'T-4'])
    expect(order({ sortBy: 'metrics/acc:max' })).toEqual(['T-3', 'T-1', 'T-2', 'T-4'])
    expect(order({ sortBy: 'min(metrics/acc)', ascending: true })).toEqual(['T-2', 'T-1', 'T-3', 'T-4'])
    expect(order({ sortBy: 'sys/name', ascending: true })).toEqual(['T-1', 'T-2', 'T-4', 'T-3'])
    expect(order({ sortBy: 'logs/msg:count' })).toEqual(['T-1', 'T-3', 'T-4', 'T-2'])
  })

  it('sorts sys/id by run number, not as text', () => {
    const many = openProject(tempProjectDir('ids'), { key: 'N', onWarning: () => {} })
    for (let i = 0; i < 11; i++) many.startRun().close()
    expect(ids(many.fetchRunsTable({ columns: [], sortBy: 'sys/id', ascending: true })).slice(8)).toEqual([
      'N-9',
      'N-10',
      'N-11',
    ])
    many.close()
  })

  it('pages with limit and offset', () => {
    expect(order({ ascending: true, limit: 2 })).toEqual(['T-1', 'T-2'])
    expect(order({ ascending: true, limit: 2, offset: 1 })).toEqual(['T-2', 'T-3'])
    expect(order({ ascending: true, offset: 3 })).toEqual(['T-4'])
    expect(order({ limit: 0 })).toEqual([])
  })
})

describe('objects and CSV', () => {
  it('keys objects by column name', () => {
    const objects = project
      .fetchRunsTable({ query: 'sys/tags CONTAINS "mlp"', columns: ['parameters/lr', 'metrics/acc:max'] })
      .toObjects()
    expect(objects).toEqual([{ 'sys/id': 'T-1', 'parameters/lr': 0.01, 'metrics/acc:max': 0.9 }])
  })

  it('writes CSV with quoting and exact special values', () => {
    const csv = project
      .fetchRunsTable({
        columns: ['sys/name', 'sys/tags', 'metrics/acc', 'neg', 'parameters/big', 'when'],
        sortBy: 'sys/id',
        ascending: true,
      })
      .toCSV()
    expect(csv.split('\n')).toEqual([
      'sys/id,sys/name,sys/tags,metrics/acc,neg,parameters/big,when',
      'T-1,alpha,"[""good"",""mlp""]",0.9,-0,9007199254740993,2024-01-01T00:00:00.000Z',
      'T-2,beta,"[""cnn""]",NaN,,,2024-06-01T00:00:00.000Z',
      'T-3,"gamma ""quoted""",[],1,,,',
      'T-4,delta,[],,,,',
      '',
    ])
  })
})

describe('bad options are refused with a typed error', () => {
  it.each([
    [{ sortby: 'x' }, 'UNKNOWN_OPTION', "Did you mean 'sortBy'?"],
    [{ limit: -1 }, 'INVALID_OPTION', 'non-negative integer'],
    [{ limit: 1.5 }, 'INVALID_OPTION', 'non-negative integer'],
    [{ offset: Number.NaN }, 'INVALID_OPTION', 'non-negative integer'],
    [{ columns: 'sys/name' }, 'INVALID_OPTION', 'array'],
    [{ columns: [1] }, 'INVALID_OPTION', 'array'],
    [{ query: 42 }, 'INVALID_OPTION', 'NQL'],
    [{ ascending: 'yes' }, 'INVALID_OPTION', 'boolean'],
    [{ sortBy: 7 }, 'INVALID_OPTION', 'field path'],
  ])('%j', (options, code, text) => {
    const error = thrown(() => project.fetchRunsTable(options as never))
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect(error.code).toBe(code)
    expect(`${error.message} ${error.hint}`).toContain(text)
  })

  it('refuses an unknown column or sort column with a suggestion', () => {
    const error = thrown(() => project.fetchRunsTable({ columns: ['metrics/accc'] }))
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error.code).toBe('UNKNOWN_COLUMN')
    expect(error.hint).toBe("Did you mean 'metrics/acc'?")
    expect(thrown(() => project.fetchRunsTable({ sortBy: 'parameters/lrr' })).code).toBe('UNKNOWN_COLUMN')
  })

  it('accepts known sys columns a project has no value for yet', () => {
    expect(column('sys/custom_run_id')).toEqual([null, null, null, null])
  })

  it('refuses a summary of a field that is not a series, and an invalid path', () => {
    const error = thrown(() => project.fetchRunsTable({ columns: ['parameters/lr:max'] }))
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect(error.code).toBe('INVALID_COLUMN')
    expect(thrown(() => project.fetchRunsTable({ columns: ['logs/msg:max'] })).code).toBe('INVALID_COLUMN')
    expect(thrown(() => project.fetchRunsTable({ columns: ['a//b'] }))).toBeInstanceOf(InvalidPathError)
  })
})

describe('read-only projects', () => {
  it('answers the same table, MATCHES included', () => {
    const readonly = openProject(project.dir, { readonly: true })
    try {
      const query = 'sys/name MATCHES "^(alpha|beta)$" AND metrics/acc EXISTS'
      expect(ids(readonly.fetchRunsTable({ query, columns: [], sortBy: 'sys/id', ascending: true }))).toEqual(
        ['T-1', 'T-2'],
      )
    } finally {
      readonly.close()
    }
  })
})

describe('file fields', () => {
  it('show their stored reference, and answer EXISTS only', async () => {
    const files = openProject(tempProjectDir('files'), { key: 'F', onWarning: () => {} })
    const run = files.startRun()
    await run.field('model/weights').upload(Buffer.from('hello'), { name: 'w.bin' })
    run.close()
    const table = files.fetchRunsTable({ columns: ['model/weights'] })
    expect(table.columns[1]).toMatchObject({ name: 'model/weights', type: 'File' })
    expect(table.rows[0]![1]).toMatchObject({ size: 5, name: 'w.bin' })
    expect(table.toCSV()).toContain('""size"":5')
    expect(ids(files.fetchRunsTable({ query: 'model/weights EXISTS', columns: [] }))).toEqual(['F-1'])
    expect(() => files.fetchRunsTable({ query: 'model/weights = "x"' })).toThrow(
      /File field can only be tested with EXISTS/,
    )
    files.close()
  })
})
