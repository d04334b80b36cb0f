/**
 * A runs-table column's type is the set of stored types its runs hold, joined by '|' in sorted order —
 * whatever type the first run had (a bare number in a cell is a Float or a FloatSeries' last value, and
 * both must be told apart). A property test over random mixes of types per run, with the column asked
 * for and discovered, with and without an aggregate-free filter.
 */
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import type { Run } from '../../../src/index.js'
import { tempProject } from '../../helpers/project.js'

const TYPES = [
  'Boolean',
  'Datetime',
  'Float',
  'FloatSeries',
  'HistogramSeries',
  'Integer',
  'String',
  'StringSeries',
  'StringSet',
] as const
type Kind = (typeof TYPES)[number]

function write(run: Run, path: string, kind: Kind): void {
  const field = run.field(path)
  switch (kind) {
    case 'Float':
      return field.assign(64)
    case 'Integer':
      return field.assign(32n)
    case 'Boolean':
      return field.assign(true)
    case 'String':
      return field.assign('adam')
    case 'Datetime':
      return field.assign(new Date(1_700_000_000_000))
    case 'StringSet':
      return field.assign(['a'])
    case 'FloatSeries':
      return field.append(0.5, { step: 1 })
    case 'StringSeries':
      return field.append('line', { step: 1 })
    case 'HistogramSeries':
      return field.append({ edges: [0, 1], values: [2] }, { step: 1 })
  }
}

const project = tempProject()
afterAll(() => project.close())

describe('column types over mixed runs', () => {
  it('is Float|Integer for 32n then 64, and Float|FloatSeries for a Float then a FloatSeries', () => {
    const a = project.startRun({ tags: ['fixed'] })
    a.assign('bs', 32n)
    const b = project.startRun({ tags: ['fixed'] })
    b.assign('bs', 64)
    const c = project.startRun({ tags: ['fixed'] })
    c.assign('lr', 0.1)
    const d = project.startRun({ tags: ['fixed'] })
    d.field('lr').append(0.2, { step: 0 })
    for (const run of [a, b, c, d]) run.close()
    const table = project.fetchRunsTable({ query: 'sys/tags CONTAINS "fixed"', columns: ['bs', 'lr'] })
    expect(table.columns.map((column) => column.type)).toEqual([
      'String',
      'Float|Integer',
      'Float|FloatSeries',
    ])
  })

  it('holds for random mixes of types per run', () => {
    let round = 0
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.constantFrom(...TYPES), { nil: undefined }), { minLength: 1, maxLength: 6 }),
        (kinds) => {
          round += 1
          const tag = `round-${round}`
          const path = `mix${round}/x`
          for (const kind of kinds) {
            const run = project.startRun({ tags: [tag] })
            if (kind !== undefined) write(run, path, kind)
            run.close()
          }
          const present = [...new Set(kinds.filter((k): k is Kind => k !== undefined))].sort()
          const query = `sys/tags CONTAINS "${tag}"`
          if (present.length === 0) {
            // No run holds the field yet: the column is refused as unknown (nothing to type).
            expect(() => project.fetchRunsTable({ query, columns: [path] })).toThrow()
            return
          }
          const asked = project.fetchRunsTable({ query, columns: [path] })
          expect(asked.columns[1]!.type).toBe(present.join('|'))
          const discovered = project.fetchRunsTable({ query })
          expect(discovered.columns.find((column) => column.path === path)?.type).toBe(present.join('|'))
        },
      ),
      { numRuns: 60 },
    )
  })
})
