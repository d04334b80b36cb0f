/**
 * Forks (issue 3): a fork's series read as the parent's points up to and including the fork step, then
 * its own, without a copy of the parent's points; configs and tags are inherited; lineage() tells parent,
 * step and depth; a fork of a fork reads through both; and each fork error is clear.
 */
import { describe, expect, it } from 'vitest'
import {
  InvalidValueError,
  NotFoundError,
  StepOrderError,
  type Project,
  type RunView,
  type SeriesPoints,
  type StringPoints,
} from '../../../src/index.js'
import { readFloatSeries, readStringSeries } from '../../../src/engine/runs/series-reads.js'
import { contextOf, coreOf } from '../../helpers/internals.js'
import { tempProject, thrown } from '../../helpers/project.js'
import { countRows, NO_CAPTURE } from './helpers.js'

const floats = (
  view: Pick<RunView, 'field'>,
  path: string,
  range = {},
): { steps: number[]; values: number[] } => {
  const points = view.field(path).fetchValues(range) as SeriesPoints
  return { steps: [...points.steps], values: [...points.values] }
}
const strings = (
  view: Pick<RunView, 'field'>,
  path: string,
  range = {},
): { steps: number[]; values: string[] } => {
  const points = view.field(path).fetchValues(range) as StringPoints
  return { steps: [...points.steps], values: [...points.values] }
}
const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i)

/** A closed parent run DEMO-1 with acc = step / 100 and loss = -step over steps 0..9, logs 0..9, configs and tags. */
function parentRun(project: Project): string {
  const parent = project.startRun({
    ...NO_CAPTURE,
    name: 'parent',
    description: 'the root',
    tags: ['root', 'mlp'],
  })
  parent.assign('parameters', { lr: 0.01, layers: 3n, optimizer: 'adam', amp: true })
  parent.field('data/splits').add(['train', 'val'])
  for (let step = 0; step <= 9; step++) {
    parent.log({ 'metrics/acc': step / 100, 'metrics/loss': -step }, { step })
    parent.field('logs/line').append(`parent ${step}`, { step })
  }
  parent.close()
  return parent.id
}

describe('fork read-through', () => {
  it("reads the parent's points up to and including the fork step, then the fork's own", () => {
    const project = tempProject({}, 'demo')
    const parentId = parentRun(project)
    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: parentId, step: 5 } })
    for (let step = 6; step <= 8; step++) child.log({ 'metrics/acc': 1 + step / 100 }, { step })
    child.field('logs/line').append('child 6', { step: 6 })
    child.close()

    const view = project.runs.get(child.id)
    expect(floats(view, 'metrics/acc')).toEqual({
      steps: [0, 1, 2, 3, 4, 5, 6, 7, 8],
      values: [0, 0.01, 0.02, 0.03, 0.04, 0.05, 1.06, 1.07, 1.08],
    })
    expect(floats(view, 'metrics/acc', { from: 3, to: 7 })).toEqual({
      steps: [3, 4, 5, 6, 7],
      values: [0.03, 0.04, 0.05, 1.06, 1.07],
    })
    expect(floats(view, 'metrics/acc', { from: 6 })).toEqual({ steps: [6, 7, 8], values: [1.06, 1.07, 1.08] })
    expect(floats(view, 'metrics/acc', { to: 2 })).toEqual({ steps: [0, 1, 2], values: [0, 0.01, 0.02] })
    expect(strings(view, 'logs/line')).toEqual({
      steps: [0, 1, 2, 3, 4, 5, 6],
      values: ['parent 0', 'parent 1', 'parent 2', 'parent 3', 'parent 4', 'parent 5', 'child 6'],
    })
    // a series the fork never logged still reads as the parent's, cut at the fork step
    expect(floats(view, 'metrics/loss')).toEqual({ steps: range(0, 5), values: [-0, -1, -2, -3, -4, -5] })
    // the parent is untouched
    expect(floats(project.runs.get(parentId), 'metrics/acc').steps).toEqual(range(0, 9))
  })

  it('fetchLast() and fetch() give the inherited last value before the fork logs, then its own', () => {
    const project = tempProject()
    const parentId = parentRun(project)
    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: parentId, step: 5 } })
    expect(child.field('metrics/acc').fetchLast()).toBe(0.05)
    expect(child.field('metrics/loss').fetchLast()).toBe(-5)
    expect(child.field('logs/line').fetchLast()).toBe('parent 5')
    expect(child.fetch('metrics')).toEqual({ acc: 0.05, loss: -5 })
    child.log({ 'metrics/acc': 0.5 }, { step: 6 })
    expect(child.field('metrics/acc').fetchLast()).toBe(0.5)
    child.close()
    expect(project.runs.get(child.id).field('metrics/acc').fetchLast()).toBe(0.5)
  })

  it("inherits configs, string sets, tags and description, but not sys fields nor the parent's monitoring", () => {
    const project = tempProject()
    const parent = project.startRun({
      ...NO_CAPTURE,
      name: 'parent',
      description: 'the root',
      tags: ['root'],
    })
    parent.assign('parameters', {
      lr: 0.01,
      layers: 3n,
      optimizer: 'adam',
      amp: true,
      started: new Date(1_700_000_000_000),
    })
    parent.field('data/splits').add(['train', 'val'])
    parent.log({ 'metrics/acc': 0.1 }, { step: 0 })
    parent.log({ 'monitoring/abcd1234/cpu': 50 }, { step: 0 })
    parent.close()

    const child = project.startRun({
      ...NO_CAPTURE,
      name: 'child',
      tags: ['forked'],
      forkFrom: { run: parent.id, step: 0 },
    })
    expect(child.fetch('parameters')).toEqual({
      lr: 0.01,
      layers: 3n,
      optimizer: 'adam',
      amp: true,
      started: new Date(1_700_000_000_000),
    })
    expect(child.field('data/splits').fetch()).toEqual(['train', 'val'])
    expect(child.field('sys/tags').fetch()).toEqual(['forked', 'root'])
    expect(child.field('sys/description').fetch()).toBe('the root')
    expect(child.field('sys/name').fetch()).toBe('child')
    expect(child.field('sys/id').fetch()).toBe(child.id)
    expect(child.exists('monitoring')).toBe(false)
    // inherited configs belong to the fork now: changing them leaves the parent alone
    child.assign('parameters/lr', 0.5)
    child.close()
    expect(project.runs.get(parent.id).field('parameters/lr').fetch()).toBe(0.01)
    expect(project.runs.get(child.id).field('parameters/lr').fetch()).toBe(0.5)
  })

  it("does not copy the parent's points: series_chunks and string_points grow only by the fork's own", () => {
    const project = tempProject()
    const parentId = parentRun(project)
    const chunks = () => countRows(project.dir, 'series_chunks')
    const lines = () => countRows(project.dir, 'string_points')
    const parentChunks = chunks()
    const parentLines = lines()
    expect(parentChunks).toBeGreaterThan(0)
    expect(parentLines).toBe(10)

    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: parentId, step: 7 } })
    expect(chunks()).toBe(parentChunks)
    expect(lines()).toBe(parentLines)
    const childFieldIds = `(SELECT id FROM fields WHERE run_id = (SELECT id FROM runs WHERE sys_id = '${child.id}'))`
    expect(countRows(project.dir, `series_chunks WHERE field_id IN ${childFieldIds}`)).toBe(0)

    child.log({ 'metrics/acc': 0.9 }, { step: 8 })
    child.field('logs/line').append('child 8', { step: 8 })
    child.close()
    expect(countRows(project.dir, `series_chunks WHERE field_id IN ${childFieldIds}`)).toBe(1)
    expect(countRows(project.dir, `string_points WHERE field_id IN ${childFieldIds}`)).toBe(1)
    expect(countRows(project.dir, 'string_points')).toBe(parentLines + 1)
    // and the fork still reads all of it
    expect(floats(project.runs.get(child.id), 'metrics/acc').steps).toEqual(range(0, 8))
  })

  it("does not show the parent's points after the fork step, even those logged after the fork", () => {
    const project = tempProject()
    const parent = project.startRun({ ...NO_CAPTURE, customRunId: 'parent' })
    for (let step = 0; step <= 4; step++) parent.log({ 'metrics/acc': step }, { step })
    parent.flush()
    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: parent.id, step: 2 } })
    for (let step = 5; step <= 9; step++) parent.log({ 'metrics/acc': step }, { step })
    parent.close()
    child.log({ 'metrics/acc': 100 }, { step: 3 })
    child.close()
    expect(floats(project.runs.get(child.id), 'metrics/acc')).toEqual({
      steps: [0, 1, 2, 3],
      values: [0, 1, 2, 100],
    })
    expect(floats(project.runs.get(parent.id), 'metrics/acc').steps).toEqual(range(0, 9))
  })

  it('lets the fork log a series the parent never had, from after the fork step', () => {
    const project = tempProject()
    const parentId = parentRun(project)
    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: parentId, step: 5 } })
    child.log({ 'metrics/new': 1 })
    child.log({ 'metrics/new': 2 }, { step: 10 })
    child.close()
    expect(floats(project.runs.get(child.id), 'metrics/new')).toEqual({ steps: [6, 10], values: [1, 2] })
  })

  it('continues a series without explicit steps right after the fork step', () => {
    const project = tempProject()
    const parentId = parentRun(project)
    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: parentId, step: 3 } })
    child.field('metrics/acc').append(0.7)
    child.field('metrics/acc').extend([0.8, 0.9])
    child.close()
    expect(floats(project.runs.get(child.id), 'metrics/acc')).toEqual({
      steps: [0, 1, 2, 3, 4, 5, 6],
      values: [0, 0.01, 0.02, 0.03, 0.7, 0.8, 0.9],
    })
  })
})

describe('forks and open runs', () => {
  it('forks from a parent still open in this process, seeing the points it has logged but not flushed yet', () => {
    const project = tempProject()
    const parent = project.startRun({ ...NO_CAPTURE, customRunId: 'open-parent' })
    for (let step = 0; step <= 9; step++) parent.log({ 'metrics/acc': step }, { step })
    // no flush: the points sit in the parent's buffer, as they do in a training loop
    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: parent.id, step: 5 } })
    expect(child.lineage().step).toBe(5)
    expect(child.field('metrics/acc').fetchLast()).toBe(5)
    child.close()
    parent.close()
  })

  it('keeps the fork floor when the fork is resumed', () => {
    const project = tempProject({ strict: true })
    const parentId = parentRun(project)
    const child = project.startRun({
      ...NO_CAPTURE,
      customRunId: 'fork',
      forkFrom: { run: parentId, step: 5 },
    })
    child.close()
    for (const again of [
      project.runs.resume(child.id, NO_CAPTURE),
      project.startRun({ ...NO_CAPTURE, customRunId: 'fork' }),
    ]) {
      const error = thrown(() => again.log({ 'metrics/acc': 1 }, { step: 5 }))
      expect(error).toBeInstanceOf(StepOrderError)
      expect(error.code).toBe('STEP_NOT_AFTER_FORK')
      again.log({ 'metrics/new': 1 })
      again.close()
    }
    expect(project.runs.get(child.id).field('metrics/new').fetchLast()).toBe(1)
    expect(project.runs.get(child.id).lineage()).toEqual({ parent: parentId, step: 5, depth: 1 })
  })
})

describe('lineage', () => {
  it('is parent, step and depth; a root run has none', () => {
    const project = tempProject({}, 'demo')
    const parentId = parentRun(project)
    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: parentId, step: 5 } })
    expect(project.runs.get(parentId).lineage()).toEqual({ parent: null, step: null, depth: 0 })
    expect(child.lineage()).toEqual({ parent: 'DEMO-1', step: 5, depth: 1 })
    expect(project.runs.get(child.id).lineage()).toEqual({ parent: 'DEMO-1', step: 5, depth: 1 })
    child.close()
  })

  it('reads a fork of a fork through both ancestors', () => {
    const project = tempProject({}, 'demo')
    const rootId = parentRun(project) // acc = step / 100 over 0..9
    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: rootId, step: 5 } })
    for (let step = 6; step <= 9; step++) child.log({ 'metrics/acc': 1 + step / 100 }, { step })
    child.field('logs/line').append('child 6', { step: 6 })
    child.close()
    const grandchild = project.startRun({ ...NO_CAPTURE, forkFrom: { run: child.id, step: 7 } })
    grandchild.log({ 'metrics/acc': 2.08 }, { step: 8 })
    grandchild.close()

    const view = project.runs.get(grandchild.id)
    expect(floats(view, 'metrics/acc')).toEqual({
      steps: range(0, 8),
      values: [0, 0.01, 0.02, 0.03, 0.04, 0.05, 1.06, 1.07, 2.08],
    })
    expect(strings(view, 'logs/line').values).toEqual([
      'parent 0',
      'parent 1',
      'parent 2',
      'parent 3',
      'parent 4',
      'parent 5',
      'child 6',
    ])
    expect(floats(view, 'metrics/loss')).toEqual({ steps: range(0, 5), values: [-0, -1, -2, -3, -4, -5] })
    expect(view.field('metrics/acc').fetchLast()).toBe(2.08)
    expect(view.lineage()).toEqual({ parent: child.id, step: 7, depth: 2 })
    expect(view.field('sys/forking/depth').fetch()).toBe(2n)
    expect(view.fetch('parameters')).toEqual({ lr: 0.01, layers: 3n, optimizer: 'adam', amp: true })
    expect(view.field('sys/tags').fetch()).toEqual(['mlp', 'root'])
  })

  it('cuts every ancestor at the smallest fork step below it', () => {
    const project = tempProject()
    const rootId = parentRun(project)
    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: rootId, step: 5 } })
    for (let step = 6; step <= 9; step++) child.log({ 'metrics/acc': 1 + step / 100 }, { step })
    child.close()
    // forked from the child at a step the child inherited: the child's own points are not seen
    const grandchild = project.startRun({ ...NO_CAPTURE, forkFrom: { run: child.id, step: 3 } })
    grandchild.close()
    const view = project.runs.get(grandchild.id)
    expect(floats(view, 'metrics/acc')).toEqual({ steps: [0, 1, 2, 3], values: [0, 0.01, 0.02, 0.03] })
    expect(view.field('metrics/acc').fetchLast()).toBe(0.03)
    expect(view.lineage()).toEqual({ parent: child.id, step: 3, depth: 2 })
  })
})

describe('fork errors', () => {
  it("refuses a fork step past the parent's last step (FORK_STEP_PAST_END) and creates no run", () => {
    const project = tempProject({}, 'demo')
    const parentId = parentRun(project)
    const error = thrown(() => project.startRun({ ...NO_CAPTURE, forkFrom: { run: parentId, step: 10 } }))
    expect(error.code).toBe('FORK_STEP_PAST_END')
    expect(error.message).toContain('9')
    expect(error.hint).toMatch(/\w/)
    expect(project.runs.list().map((r) => r.id)).toEqual([parentId])
    // the next run takes the next number: the failed fork left nothing behind
    const next = project.startRun(NO_CAPTURE)
    expect(next.id).toBe('DEMO-2')
    next.close()
  })

  it('allows forking exactly at the last step', () => {
    const project = tempProject()
    const parentId = parentRun(project)
    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: parentId, step: 9 } })
    expect(child.field('metrics/acc').fetchLast()).toBe(0.09)
    child.close()
  })

  it('forks a parent without series, inheriting its configs (inherit_configs)', () => {
    const project = tempProject()
    const parent = project.startRun({ ...NO_CAPTURE, tags: ['t'] })
    parent.assign('parameters', { lr: 0.1, opt: 'adam' })
    parent.close()
    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: parent.id, step: 3 } })
    expect(child.fetch('parameters')).toEqual({ lr: 0.1, opt: 'adam' })
    expect(child.tags.fetch()).toEqual(['t'])
    expect(child.lineage()).toMatchObject({ parent: parent.id, step: 3 })
    child.log({ 'metrics/acc': 0.5 })
    expect(floats(child, 'metrics/acc')).toEqual({ steps: [4], values: [0.5] })
    child.close()
  })

  it('takes a custom run id as the parent', () => {
    const project = tempProject()
    const parent = project.startRun({ ...NO_CAPTURE, customRunId: 'job-7' })
    parent.log({ 'metrics/acc': 0.1 }, { step: 0 })
    parent.log({ 'metrics/acc': 0.2 }, { step: 1 })
    parent.close()
    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: 'job-7', step: 0 } })
    expect(child.lineage()).toMatchObject({ parent: parent.id, step: 0 })
    expect(floats(child, 'metrics/acc')).toEqual({ steps: [0], values: [0.1] })
    child.close()
  })

  it('refuses a missing parent (FORK_PARENT_NOT_FOUND) with a hint', () => {
    const project = tempProject()
    parentRun(project)
    const error = thrown(() => project.startRun({ ...NO_CAPTURE, forkFrom: { run: 'PROJ-99', step: 1 } }))
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error.code).toBe('FORK_PARENT_NOT_FOUND')
    expect(error.message).toContain('PROJ-99')
    expect(error.hint).toMatch(/forkFrom/)
    expect(project.runs.list()).toHaveLength(1)
  })

  it('refuses a fork step that is not a finite number', () => {
    const project = tempProject()
    const parentId = parentRun(project)
    for (const step of [Number.NaN, Infinity, -Infinity]) {
      const error = thrown(() => project.startRun({ ...NO_CAPTURE, forkFrom: { run: parentId, step } }))
      expect(error).toBeInstanceOf(InvalidValueError)
      expect(error.code).toBe('INVALID_FORK_STEP')
    }
    expect(project.runs.list()).toHaveLength(1)
  })

  it('drops a fork point at or before the fork step with a STEP_NOT_AFTER_FORK warning, counted', () => {
    const warnings: { code: string; path?: string }[] = []
    const project = tempProject({ onWarning: (w) => warnings.push(w) })
    const parentId = parentRun(project)
    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: parentId, step: 5 } })
    child.log({ 'metrics/acc': 1 }, { step: 5 })
    child.log({ 'metrics/acc': 1 }, { step: 0 })
    child.field('metrics/acc').extend([1, 2], { steps: [4, 6] })
    child.field('logs/line').append('x', { step: 5 })
    expect(child.dropped()).toEqual({ 'metrics/acc': 3, 'logs/line': 1 })
    expect(warnings.filter((w) => w.code === 'STEP_NOT_AFTER_FORK').map((w) => w.path)).toEqual([
      'metrics/acc',
      'logs/line',
    ])
    child.close()
    expect(floats(project.runs.get(child.id), 'metrics/acc').steps).toEqual([...range(0, 5), 6])
  })

  it('with strict, refuses a fork point at or before the fork step (StepOrderError STEP_NOT_AFTER_FORK), in every way to log', () => {
    const project = tempProject({ strict: true })
    const parentId = parentRun(project)
    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: parentId, step: 5 } })
    const attempts: (() => unknown)[] = [
      () => child.log({ 'metrics/acc': 1 }, { step: 5 }),
      () => child.log({ 'metrics/acc': 1 }, { step: 0 }),
      () => child.log({ 'metrics/new': 1 }, { step: 5 }),
      () => child.field('metrics/acc').append(1, { step: 2 }),
      () => child.field('logs/line').append('x', { step: 5 }),
      () => child.field('metrics/acc').extend([1, 2], { steps: [4, 6] }),
    ]
    for (const attempt of attempts) {
      const error = thrown(attempt)
      expect(error).toBeInstanceOf(StepOrderError)
      expect(error.code).toBe('STEP_NOT_AFTER_FORK')
      expect(error.hint).toMatch(/step 6/)
    }
    child.close()
    // nothing of the refused points was stored
    expect(floats(project.runs.get(child.id), 'metrics/acc').steps).toEqual(range(0, 5))
  })
})

describe('the lineage readers (series-reads.ts) that Field reads use', () => {
  // Field.fetchValues() reads the run's own chunks only until it switches to these; they are checked
  // here directly so that the read-through itself is known to be right.
  const read = (project: Project, id: string, path: string, from?: number, to?: number) =>
    coreOf(project).database.read((db) => {
      const rowId = contextOf(project.runs.get(id)).rowId
      const f = readFloatSeries(db, rowId, path, from, to)
      return { steps: [...f.steps], values: [...f.values] }
    })
  const readLines = (project: Project, id: string, path: string) =>
    coreOf(project).database.read((db) => {
      const s = readStringSeries(db, contextOf(project.runs.get(id)).rowId, path)
      return { steps: s.steps, values: s.values }
    })

  it('read a fork and a fork of a fork through their ancestors, cut at each fork step', () => {
    const project = tempProject()
    const rootId = parentRun(project)
    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: rootId, step: 5 } })
    for (let step = 6; step <= 9; step++) child.log({ 'metrics/acc': 1 + step / 100 }, { step })
    child.field('logs/line').append('child 6', { step: 6 })
    child.close()
    const grandchild = project.startRun({ ...NO_CAPTURE, forkFrom: { run: child.id, step: 7 } })
    grandchild.log({ 'metrics/acc': 2.08 }, { step: 8 })
    grandchild.close()
    const early = project.startRun({ ...NO_CAPTURE, forkFrom: { run: child.id, step: 3 } })
    early.close()

    expect(read(project, child.id, 'metrics/acc')).toEqual({
      steps: range(0, 9),
      values: [0, 0.01, 0.02, 0.03, 0.04, 0.05, 1.06, 1.07, 1.08, 1.09],
    })
    expect(read(project, child.id, 'metrics/acc', 3, 7)).toEqual({
      steps: [3, 4, 5, 6, 7],
      values: [0.03, 0.04, 0.05, 1.06, 1.07],
    })
    expect(read(project, grandchild.id, 'metrics/acc')).toEqual({
      steps: range(0, 8),
      values: [0, 0.01, 0.02, 0.03, 0.04, 0.05, 1.06, 1.07, 2.08],
    })
    expect(read(project, grandchild.id, 'metrics/loss')).toEqual({
      steps: range(0, 5),
      values: [-0, -1, -2, -3, -4, -5],
    })
    expect(read(project, early.id, 'metrics/acc')).toEqual({
      steps: [0, 1, 2, 3],
      values: [0, 0.01, 0.02, 0.03],
    })
    expect(readLines(project, grandchild.id, 'logs/line').values).toEqual([
      'parent 0',
      'parent 1',
      'parent 2',
      'parent 3',
      'parent 4',
      'parent 5',
      'child 6',
    ])
    expect(readLines(project, early.id, 'logs/line').steps).toEqual([0, 1, 2, 3])
    expect(read(project, rootId, 'metrics/acc').steps).toEqual(range(0, 9))
  })
})

describe('series the parent started after the fork step', () => {
  it('are not inherited: the fork has no such field (no empty series reading as NaN)', () => {
    const project = tempProject()
    const parent = project.startRun(NO_CAPTURE)
    for (let step = 0; step <= 9; step++) parent.log({ 'train/loss': step }, { step })
    for (let step = 8; step <= 9; step++) {
      parent.log({ 'val/acc': step / 10 }, { step })
      parent.field('val/note').append(`note ${step}`, { step })
    }
    parent.close()
    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: parent.id, step: 5 } })
    expect(child.exists('val')).toBe(false)
    expect(Object.keys(child.fetch('train') as object)).toEqual(['loss'])
    expect(thrown(() => child.field('val/acc').fetchLast()).code).toBe('FIELD_NOT_FOUND')
    // the fork may log it from after the fork step, as a new series
    child.log({ 'val/acc': 0.6 }, { step: 6 })
    expect(child.field('val/acc').fetchLast()).toBe(0.6)
    child.close()
  })
})
