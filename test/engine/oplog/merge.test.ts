/** Merging oplogs written by an oplog-mode project: values typed as the API types them, exactly once. */
import { appendFileSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openProject, ReadOnlyError } from '../../../src/index.js'
import { tempProjectDir } from '../../helpers/tmp.js'

function writeSample(dir: string): string {
  const project = openProject(dir, { mode: 'oplog' })
  const run = project.startRun({ name: 'rank-0', customRunId: 'job-1', tags: ['a'] })
  run.assign('parameters', {
    lr: 0.01,
    layers: 3n,
    act: 'relu',
    on: true,
    at: new Date(1_700_000_000_000),
    set: ['x', 'y'],
  })
  for (let step = 0; step < 100; step++)
    run.log(
      { 'train/loss': 1 / (step + 1), 'train/note': `s${step}` },
      { step, timestamp: 1_700_000_000_000 + step },
    )
  run.field('special').extend([NaN, Infinity, -Infinity], { steps: [0, 1, 2] })
  run.tags.add('b')
  run.tags.remove('a')
  run.close()
  project.close()
  return project.oplogPath
}

describe('project.merge()', () => {
  it('merges histograms bit-exact (NaN, ±Infinity and -0 included); a bad one throws before anything is buffered', async () => {
    const dir = tempProjectDir()
    const writer = openProject(dir, { mode: 'oplog' })
    const run = writer.startRun({ name: 'h' })
    run.log({ 'w/l1': { edges: [0, 1, 2], values: [3, 4] }, loss0: -0 }, { step: 0 })
    run
      .field('w/l1')
      .append({ type: 'COUNTS', edges: [-Infinity, -0, 2], values: [NaN, Infinity] }, { step: 1 })
    run.field('w/l2').extend(
      [
        { edges: Float64Array.from([0, 1]), values: [1] },
        { edges: [0, 2], values: [2] },
      ],
      {
        steps: [5, 6],
      },
    )
    expect(() =>
      run.field('w/l2').extend([
        { edges: [0, 1], values: [1] },
        { edges: [1, 0], values: [1] },
      ]),
    ).toThrow(expect.objectContaining({ code: 'INVALID_HISTOGRAM' }))
    expect(() => run.log({ 'w/l1': 0.5 }, { step: 2 })).toThrow(
      expect.objectContaining({ code: 'FIELD_TYPE_CONFLICT' }),
    )
    run.close()
    writer.close()
    const project = openProject(dir, { mode: 'db' })
    const report = await project.merge()
    expect(report.skipped).toEqual([])
    const merged = project.runs.get(report.created[0]!)
    expect(merged.field('w/l1').type()).toBe('HistogramSeries')
    const l1 = merged.field('w/l1').fetchValues() as { steps: Float64Array; values: unknown[] }
    expect(Array.from(l1.steps)).toEqual([0, 1])
    expect(l1.values).toEqual([
      { type: 'histogram', edges: [0, 1, 2], values: [3, 4] },
      { type: 'COUNTS', edges: [-Infinity, -0, 2], values: [NaN, Infinity] },
    ])
    expect(Object.is((l1.values[1] as { edges: number[] }).edges[1], -0)).toBe(true)
    const zero = merged.field('loss0').fetchValues() as { values: Float64Array }
    expect(Object.is(zero.values[0], -0)).toBe(true) // a FloatSeries keeps the sign of zero too (format 2)
    const l2 = merged.field('w/l2').fetchValues() as { steps: Float64Array; values: unknown[] }
    expect(Array.from(l2.steps)).toEqual([5, 6]) // the rejected extend buffered nothing
    project.close()
  })

  it('merges what an oplog-mode run wrote, typed as the database would type it', async () => {
    const dir = tempProjectDir()
    writeSample(dir)
    expect(readdirSync(dir)).not.toContain('project.db')
    const project = openProject(dir, { mode: 'db' })
    const report = await project.merge()
    expect(report.skipped).toEqual([])
    expect(report.created).toEqual(['PROJ-1'])
    const run = project.runs.get('PROJ-1')
    expect(run.customRunId).toBe('job-1')
    expect(run.field('parameters/lr').fetch()).toBe(0.01)
    expect(run.field('parameters/layers').fetch()).toBe(3n)
    expect(run.field('parameters/act').fetch()).toBe('relu')
    expect(run.field('parameters/on').fetch()).toBe(true)
    expect(run.field('parameters/at').fetch()).toEqual(new Date(1_700_000_000_000))
    expect(run.field('parameters/set').fetch()).toEqual(['x', 'y'])
    expect(run.field('sys/tags').fetch()).toEqual(['b'])
    const loss = run.field('train/loss').fetchValues() as {
      steps: ArrayLike<number>
      values: ArrayLike<number>
    }
    expect(loss.values.length).toBe(100)
    expect(loss.values[3]).toBe(0.25)
    expect(Array.from((run.field('special').fetchValues() as { values: ArrayLike<number> }).values)).toEqual([
      NaN,
      Infinity,
      -Infinity,
    ])
    expect(run.field('train/note').type()).toBe('StringSeries')
    const again = await project.merge()
    expect(again.lines).toBe(0)
    expect((run.field('train/loss').fetchValues() as { values: ArrayLike<number> }).values.length).toBe(100)
    project.close()
  })

  it('leaves a line without its newline for the next merge, then applies it once', async () => {
    const dir = tempProjectDir()
    const file = writeSample(dir)
    const text = readFileSync(file, 'utf8').trimEnd().split('\n')
    const uuid = (JSON.parse(text[1]!) as { run: string }).run
    const seq = text.length
    const line = JSON.stringify({
      seq,
      op: 'floats',
      run: uuid,
      path: 'late',
      steps: [0, 1],
      values: [1, 2],
      timestamps: [1, 2],
    })
    appendFileSync(file, line.slice(0, 20))
    const project = openProject(dir, { mode: 'db' })
    const first = await project.merge()
    expect(first.pendingBytes).toBe(20)
    expect(project.runs.get('PROJ-1').field('late').exists()).toBe(false)
    appendFileSync(file, line.slice(20) + '\n')
    const second = await project.merge()
    expect(second.lines).toBe(1)
    expect(second.pendingBytes).toBe(0)
    expect(
      (project.runs.get('PROJ-1').field('late').fetchValues() as { values: ArrayLike<number> }).values.length,
    ).toBe(2)
    project.close()
  })

  it('reads through an oplog-mode project throw OPLOG_MODE_READ', () => {
    const project = openProject(tempProjectDir(), { mode: 'oplog' })
    const run = project.startRun({})
    expect(() => project.runs.list()).toThrow(ReadOnlyError)
    expect(() => run.fetch()).toThrow(expect.objectContaining({ code: 'OPLOG_MODE_READ' }))
    expect(() => run.field('x').fetch()).toThrow(expect.objectContaining({ code: 'OPLOG_MODE_READ' }))
    project.close()
    expect(join(project.oplogPath, '..')).toMatch(/inbox$/)
  })
})
