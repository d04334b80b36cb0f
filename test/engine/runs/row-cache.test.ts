/**
 * A writer keeps its float-series rows between flushes: the rows' summaries (count, last, min, max,
 * sums) must stay right when another connection, or another handle on the same connection, writes the
 * same run in between, and after a failed flush.
 */
import { describe, expect, it } from 'vitest'
import { getField } from '../../../src/engine/fields/store.js'
import { reopen, tempProject } from '../../helpers/project.js'
import { contextOf } from '../../helpers/internals.js'
import type { Run, SeriesPoints } from '../../../src/index.js'

function summary(run: Run, path: string) {
  const ctx = contextOf(run)
  const row = ctx.database.read((db) => getField(db, ctx.rowId, path))!
  return {
    count: row.count,
    first: row.firstStep,
    last: row.lastStep,
    min: row.min,
    max: row.max,
    sum: row.sum,
  }
}

describe('float rows cached by the writer', () => {
  it('keeps the summary right when another connection writes the same series between flushes', () => {
    const one = tempProject()
    const two = reopen(one.dir)
    const a = one.startRun({ customRunId: 'shared' })
    const b = two.startRun({ customRunId: 'shared' })
    a.log({ loss: 5 }, { step: 0 })
    a.flush()
    b.log({ loss: 1 }, { step: 1 })
    b.flush()
    a.log({ loss: 9 }, { step: 2 })
    a.flush()
    b.log({ loss: 3 }, { step: 3 })
    b.flush()
    expect(summary(a, 'loss')).toEqual({ count: 4, first: 0, last: 3, min: 1, max: 9, sum: 18 })
    const p = a.field('loss').fetchValues() as SeriesPoints
    expect([...p.steps]).toEqual([0, 1, 2, 3])
  })

  it('keeps it right with two handles of the run on one connection', () => {
    const project = tempProject()
    const a = project.startRun({ customRunId: 'same' })
    const b = project.startRun({ customRunId: 'same' })
    a.log({ loss: 2 }, { step: 0 })
    a.flush()
    b.log({ loss: 4 }, { step: 1 })
    b.flush()
    a.log({ loss: -1 }, { step: 2 })
    a.flush()
    expect(summary(a, 'loss')).toEqual({ count: 3, first: 0, last: 2, min: -1, max: 4, sum: 5 })
    expect(a.field('loss').fetchLast()).toBe(-1)
  })

  // the main connection's write is replaced: a flush worker writes on its own (flush-worker.test.ts fails it there)
  it.skipIf(process.env.NEREID_FLUSH === 'worker')(
    're-selects the rows after a flush that failed and rolled back',
    () => {
      const project = tempProject()
      const run = project.startRun({ name: 'r' })
      run.log({ loss: 1 }, { step: 0 })
      run.flush()
      run.log({ loss: 2 }, { step: 1 })
      const ctx = contextOf(run)
      const write = ctx.database.write
      // the flush's transaction throws after the series was written: everything in it rolls back
      ctx.database.write = (fn) =>
        write((db) => {
          fn(db)
          throw new Error('disk full')
        })
      expect(() => run.flush()).toThrow('disk full')
      ctx.database.write = write
      run.log({ loss: 3 }, { step: 2 })
      run.flush()
      // the failed flush kept its points buffered: both go in with the next one, counted once
      expect(summary(run, 'loss')).toEqual({ count: 3, first: 0, last: 2, min: 1, max: 3, sum: 6 })
    },
  )
})
