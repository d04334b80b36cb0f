/**
 * log()'s row batch (src/engine/runs/log-batch.ts) through the public API, on a real project.db: a dict of
 * the last dict's all-number keys is kept as one row, and whatever else happens to those series — a
 * point appended to one alone, a step that does not increase, a value of another kind, a flush by size,
 * a delete — reads back exactly as point-by-point buffering would have stored it.
 */
import { describe, expect, it } from 'vitest'
import { FieldTypeError, type NereidWarning, type SeriesPoints } from '../../../src/index.js'
import { reopen, tempProject, thrown } from '../../helpers/project.js'

function points(view: { field(path: string): { fetchValues(): unknown } }, path: string): SeriesPoints {
  return view.field(path).fetchValues() as SeriesPoints
}

describe('log() rows of the same keys', () => {
  it('stores each step, value and time of every key, in step order, after a reopen', () => {
    const project = tempProject()
    const run = project.startRun()
    for (let step = 0; step < 5000; step++)
      run.log(
        { a: step * 0.5, b: -step, c: step === 7 ? Number.NaN : 1 / (step + 1) },
        { step: step * 2, timestamp: 1000 + step },
      )
    run.close()
    const view = reopen(project.dir).runs.get(run.id)
    const a = points(view, 'a')
    const c = points(view, 'c')
    expect(a.steps.length).toBe(5000)
    expect(a.steps[4999]).toBe(9998)
    expect(a.values[4999]).toBe(2499.5)
    expect(a.timestamps[4999]).toBe(1000 + 4999)
    expect(Array.from(points(view, 'b').values.slice(0, 3))).toEqual([-0, -1, -2])
    expect(Number.isNaN(c.values[7]!)).toBe(true)
    expect(c.values[8]).toBe(1 / 9)
    // every row, across the batch's growth (256 rows, doubling) and its flushes
    const b = points(view, 'b')
    const wrong = []
    for (let k = 0; k < 5000; k++) {
      const ok =
        a.steps[k] === 2 * k &&
        a.values[k] === k * 0.5 &&
        b.steps[k] === 2 * k &&
        Object.is(b.values[k], -k) &&
        b.timestamps[k] === 1000 + k &&
        (k === 7 || c.values[k] === 1 / (k + 1))
      if (!ok) wrong.push(k)
    }
    expect(wrong).toEqual([])
  })

  it('keeps a point appended to one key alone in step order, and the keys apart afterwards', () => {
    const project = tempProject()
    const run = project.startRun()
    run.log({ x: 1, y: 10 }) // both at step 0
    run.log({ x: 2, y: 20 }) // step 1: a row
    run.field('x').append(3) // x alone at step 2
    run.log({ x: 4, y: 40 }) // x at 3, y at 2: each its own last step + 1
    run.log({ x: 5, y: 50 })
    run.close()
    const view = reopen(project.dir).runs.get(run.id)
    expect(Array.from(points(view, 'x').steps)).toEqual([0, 1, 2, 3, 4])
    expect(Array.from(points(view, 'x').values)).toEqual([1, 2, 3, 4, 5])
    expect(Array.from(points(view, 'y').steps)).toEqual([0, 1, 2, 3])
    expect(Array.from(points(view, 'y').values)).toEqual([10, 20, 40, 50])
  })

  it('drops a step that does not increase, with the warning and the count', () => {
    const warnings: NereidWarning[] = []
    const project = tempProject({ onWarning: (w) => warnings.push(w) })
    const run = project.startRun()
    for (const step of [0, 1, 2, 2, 1, 3]) run.log({ p: step, q: step }, { step })
    expect(run.dropped()).toEqual({ p: 2, q: 2 })
    expect(warnings.filter((w) => w.code === 'STEP_NOT_INCREASING').map((w) => w.path)).toEqual(['p', 'q'])
    run.close()
    const view = reopen(project.dir).runs.get(run.id)
    expect(Array.from(points(view, 'p').steps)).toEqual([0, 1, 2, 3])
  })

  it('refuses a value of another kind whole, and the rows before it stay', () => {
    const project = tempProject()
    const run = project.startRun()
    run.log({ m: 1, n: 2 }, { step: 0 })
    run.log({ m: 3, n: 4 }, { step: 1 })
    const error = thrown(() => run.log({ m: 5, n: 'six' as unknown as number }, { step: 2 }))
    expect(error).toBeInstanceOf(FieldTypeError)
    expect((error as FieldTypeError).code).toBe('FIELD_TYPE_CONFLICT')
    run.log({ m: 7, n: 8 }, { step: 3 })
    run.close()
    const view = reopen(project.dir).runs.get(run.id)
    expect(Array.from(points(view, 'm').steps)).toEqual([0, 1, 3])
    expect(Array.from(points(view, 'n').values)).toEqual([2, 4, 8])
  })

  it('flushes by maxBufferedPoints and by flush(), losing no row either way', () => {
    const project = tempProject({ maxBufferedPoints: 1000 })
    // inline: a size flush is written before log() returns (a flush worker writes it a moment later)
    const run = project.startRun({ flush: 'inline' })
    for (let step = 0; step < 2345; step++) {
      run.log({ u: step, v: step + 0.25, w: -step }, { step })
      if (step === 1200) run.flush()
    }
    // readable by another connection before close: the size flushes and flush() wrote them
    const other = reopen(project.dir).runs.get(run.id)
    expect(points(other, 'u').steps.length).toBeGreaterThanOrEqual(1998)
    run.close()
    const view = reopen(project.dir).runs.get(run.id)
    const v = points(view, 'v')
    expect(v.steps.length).toBe(2345)
    for (let k = 0; k < v.steps.length; k++) expect(v.values[k]).toBe(k + 0.25)
  })

  it('forgets the rows of a deleted key and goes on for the others', () => {
    const project = tempProject()
    const run = project.startRun()
    run.log({ 'm/a': 1, 'm/b': 2 }, { step: 0 })
    run.log({ 'm/a': 3, 'm/b': 4 }, { step: 1 })
    run.delete('m/a')
    run.log({ 'm/b': 6 }, { step: 2 })
    run.log({ 'm/a': 7, 'm/b': 8 }, { step: 3 })
    run.close()
    const view = reopen(project.dir).runs.get(run.id)
    expect(Array.from(points(view, 'm/a').steps)).toEqual([3])
    expect(Array.from(points(view, 'm/b').values)).toEqual([2, 4, 6, 8])
  })

  it('throws RUN_CLOSED for a row after close, writing nothing', () => {
    const project = tempProject()
    const run = project.startRun()
    run.log({ k: 1 }, { step: 0 })
    run.log({ k: 2 }, { step: 1 })
    run.close()
    expect((thrown(() => run.log({ k: 3 }, { step: 2 })) as { code: string }).code).toBe('RUN_CLOSED')
    expect(Array.from(points(reopen(project.dir).runs.get(run.id), 'k').values)).toEqual([1, 2])
  })
})
