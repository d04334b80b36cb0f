/**
 * HistogramSeries: per step `{ type, edges, values }` through append, extend and log; read back bit-exact
 * (NaN, ±Infinity, -0) after reopening; fetch/fetchLast; a runs-table cell and column type; forks read
 * them through their parent; bad histograms and type mixes get typed errors. (Export and import: test/share/histogram-export.test.ts.)
 */
import { describe, expect, it } from 'vitest'
import {
  FieldTypeError,
  InvalidValueError,
  type Histogram,
  type HistogramPoints,
} from '../../../src/index.js'
import { reopen, tempProject, thrown } from '../../helpers/project.js'

const h1: Histogram = { type: 'histogram', edges: [0, 0.5, 1], values: [3, 4] }
const h2: Histogram = { type: 'COUNTS', edges: [-Infinity, -0, 2], values: [Number.NaN, Infinity] }

const bits = (h: Histogram) => [
  h.type,
  ...[...h.edges, ...h.values].map((n) => (Object.is(n, -0) ? '-0' : String(n))),
]

describe('HistogramSeries', () => {
  it('takes points by append, extend and log and reads them back bit-exact after reopening', () => {
    const project = tempProject()
    const run = project.startRun()
    run.field('w/l1').append({ edges: [0, 1], values: [5] }, { step: 0 })
    run.field('w/l1').extend([h1, h2], { steps: [1, 2] })
    run.log({ 'w/l2': h1, loss: 0.5 }, { step: 3 })
    run.log({ 'w/l2': { ...h2, edges: Float64Array.from(h2.edges) } }, { step: 4 })
    run.close()
    const dir = project.dir
    project.close()
    const again = reopen(dir)
    const view = again.runs.get(run.id)
    expect(view.field('w/l1').type()).toBe('HistogramSeries')
    const points = view.field('w/l1').fetchValues() as HistogramPoints
    expect([...points.steps]).toEqual([0, 1, 2])
    expect(points.values.map(bits)).toEqual([
      bits({ type: 'histogram', edges: [0, 1], values: [5] }),
      bits(h1),
      bits(h2),
    ])
    expect(bits(view.field('w/l2').fetchLast() as Histogram)).toEqual(bits(h2))
    expect(bits(view.fetch('w/l2') as Histogram)).toEqual(bits(h2))
    expect((view.field('w/l1').fetchValues({ from: 1, to: 1 }) as HistogramPoints).values).toEqual([h1])
    const table = again.fetchRunsTable({ columns: ['w/l1', 'loss'] })
    expect(table.columns[1]!.type).toBe('HistogramSeries')
    expect(bits(table.rows[0]![1] as Histogram)).toEqual(bits(h2))
    expect(again.fetchRunsTable({ query: 'w/l1 EXISTS' }).rows).toHaveLength(1)
  })

  it('refuses bad histograms (INVALID_HISTOGRAM) and type mixes, writing nothing', () => {
    const project = tempProject()
    const run = project.startRun()
    for (const bad of [
      { edges: [0, 1, 2], values: [1] },
      { edges: [1, 0], values: [1] },
      { edges: [0, 1], values: ['a'] },
      { edges: [0, 1], values: [1], extra: 1 },
      { type: 3, edges: [0, 1], values: [1] },
    ]) {
      const error = thrown(() => run.field('h').append(bad as never))
      expect(error).toBeInstanceOf(InvalidValueError)
      expect(error.code).toBe('INVALID_HISTOGRAM')
    }
    expect(run.field('h').exists()).toBe(false)
    run.field('h').append(h1)
    expect(thrown(() => run.field('h').append(1))).toBeInstanceOf(InvalidValueError)
    run.field('s').append('text')
    expect(thrown(() => run.field('s').append(h1))).toBeInstanceOf(FieldTypeError)
    expect(thrown(() => run.log({ s: h1 }))).toBeInstanceOf(FieldTypeError)
    expect(thrown(() => run.assign('h', 1))).toBeInstanceOf(FieldTypeError)
    run.close()
  })

  it("a fork reads its parent's histograms up to the fork step", () => {
    const project = tempProject()
    const parent = project.startRun()
    for (let step = 0; step < 4; step++) parent.log({ h: { edges: [0, 1], values: [step] } }, { step })
    parent.close()
    const child = project.startRun({ forkFrom: { run: parent.id, step: 1 } })
    child.log({ h: h1 }, { step: 2 })
    const points = child.field('h').fetchValues() as HistogramPoints
    expect([...points.steps]).toEqual([0, 1, 2])
    expect(points.values.map((h) => h.values[0])).toEqual([0, 1, 3])
    child.close()
  })
})
