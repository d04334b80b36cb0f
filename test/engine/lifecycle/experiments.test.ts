/**
 * Experiments (issue 3; Neptune 3.x and MLTracker): named groups of runs and models. create/get/list/
 * delete, a name used once, experiment.models, runs joining with startRun({ experiment }), and the head:
 * the newest run of the experiment. Deleting an experiment removes its models and keeps its runs.
 */
import { describe, expect, it } from 'vitest'
import { Experiment, InvalidValueError, NereidError, NotFoundError } from '../../../src/index.js'
import { reopen, tempProject, thrown } from '../../helpers/project.js'
import { countRows, NO_CAPTURE } from './helpers.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('experiments CRUD', () => {
  it('creates, gets and lists experiments in creation order, and keeps them after reopen', () => {
    const project = tempProject()
    const before = Date.now()
    const baseline = project.experiments.create('baseline')
    expect(baseline).toBeInstanceOf(Experiment)
    expect(baseline.id).toMatch(UUID)
    expect(baseline.name).toBe('baseline')
    expect(baseline.createdAt.getTime()).toBeGreaterThanOrEqual(before)
    const names = ['baseline', 'wide', 'deep', 'tiny', 'huge']
    for (const name of names.slice(1)) project.experiments.create(name)
    expect(project.experiments.list().map((e) => e.name)).toEqual(names)
    expect(project.experiments.get('baseline').id).toBe(baseline.id)

    const dir = project.dir
    project.close()
    const again = reopen(dir)
    expect(again.experiments.list().map((e) => e.name)).toEqual(names)
    expect(again.experiments.get('wide').name).toBe('wide')
  })

  it('refuses a name in use (EXPERIMENT_EXISTS) and a missing name (EXPERIMENT_NOT_FOUND)', () => {
    const project = tempProject()
    project.experiments.create('baseline')
    const exists = thrown(() => project.experiments.create('baseline'))
    expect(exists).toBeInstanceOf(NereidError)
    expect(exists.code).toBe('EXPERIMENT_EXISTS')
    expect(exists.hint).toMatch(/get\(name\)/)
    expect(project.experiments.list()).toHaveLength(1)
    const missing = thrown(() => project.experiments.get('nope'))
    expect(missing).toBeInstanceOf(NotFoundError)
    expect(missing.code).toBe('EXPERIMENT_NOT_FOUND')
  })

  it('refuses a name that is empty, too long or has control characters', () => {
    const project = tempProject()
    for (const name of ['', 'x'.repeat(731), 'a\nb', 7 as unknown as string]) {
      const error = thrown(() => project.experiments.create(name))
      expect(error).toBeInstanceOf(InvalidValueError)
      expect(error.code).toBe('INVALID_EXPERIMENT_NAME')
      expect(thrown(() => project.startRun({ ...NO_CAPTURE, experiment: name })).code).toBe(
        'INVALID_EXPERIMENT_NAME',
      )
    }
    expect(project.experiments.list()).toEqual([])
    expect(project.runs.list()).toEqual([])
  })

  it('renames by id', () => {
    const project = tempProject()
    const experiment = project.experiments.create('old')
    project.experiments.update(experiment.id, 'new')
    expect(project.experiments.get('new').id).toBe(experiment.id)
    expect(thrown(() => project.experiments.get('old')).code).toBe('EXPERIMENT_NOT_FOUND')
  })

  it('refuses renaming to a name in use (EXPERIMENT_EXISTS) or an unknown id (EXPERIMENT_NOT_FOUND)', () => {
    const project = tempProject()
    const a = project.experiments.create('a')
    project.experiments.create('b')
    expect(thrown(() => project.experiments.update(a.id, 'b')).code).toBe('EXPERIMENT_EXISTS')
    expect(thrown(() => project.experiments.update('no-such-id', 'c')).code).toBe('EXPERIMENT_NOT_FOUND')
    expect(project.experiments.list().map((e) => e.name)).toEqual(['a', 'b'])
    // renaming to its own name is no conflict
    project.experiments.update(a.id, 'a')
    expect(project.experiments.get('a').id).toBe(a.id)
  })
})

describe('experiment.models', () => {
  it("gives MLTracker's experiment -> models shape: models created in an experiment belong to it only", () => {
    const project = tempProject()
    const one = project.experiments.create('one')
    const two = project.experiments.create('two')
    one.models.create('m1', { name: 'first' })
    one.models.create('m2')
    two.models.create('m3')
    expect(one.models.list().map((m) => m.hash)).toEqual(['m1', 'm2'])
    expect(
      project.experiments
        .get('one')
        .models.list()
        .map((m) => m.hash),
    ).toEqual(['m1', 'm2'])
    expect(two.models.list().map((m) => m.hash)).toEqual(['m3'])
    expect(project.models.list()).toEqual([])
    expect(one.models.read('m3')).toBeUndefined()
    expect(one.models.read('m1')!.name).toBe('first')
  })
})

describe('runs of an experiment and its head', () => {
  it('groups runs started with { experiment } (creating it when missing); the newest is the head', () => {
    const project = tempProject({}, 'demo')
    const a = project.startRun({ ...NO_CAPTURE, experiment: 'baseline' })
    const other = project.startRun({ ...NO_CAPTURE, experiment: 'other' })
    const b = project.startRun({ ...NO_CAPTURE, experiment: 'baseline' })
    const loner = project.startRun(NO_CAPTURE)
    for (const run of [a, other, b, loner]) run.close()

    const baseline = project.experiments.get('baseline')
    expect(baseline.runs().map((r) => r.id)).toEqual([a.id, b.id])
    expect(baseline.head()?.id).toBe(b.id)
    expect(project.experiments.get('other').head()?.id).toBe(other.id)
    expect(project.experiments.list().map((e) => e.name)).toEqual(['baseline', 'other'])
    expect(project.runs.get(b.id).field('sys/experiment').fetch()).toBe('baseline')

    // a new run moves the head; resuming an older one does not
    const c = project.startRun({ ...NO_CAPTURE, experiment: 'baseline' })
    c.close()
    expect(baseline.head()?.id).toBe(c.id)
    project.runs.resume(a.id, NO_CAPTURE).close()
    expect(baseline.head()?.id).toBe(c.id)
  })

  it('has no head while it has no run', () => {
    const project = tempProject()
    const empty = project.experiments.create('empty')
    expect(empty.runs()).toEqual([])
    expect(empty.head()).toBeUndefined()
  })

  it('joins a run to an experiment that was created beforehand, and a fork to its own experiment', () => {
    const project = tempProject()
    project.experiments.create('pre')
    const parent = project.startRun({ ...NO_CAPTURE, experiment: 'pre' })
    parent.log({ x: 1 }, { step: 0 })
    parent.close()
    const fork = project.startRun({
      ...NO_CAPTURE,
      experiment: 'branch',
      forkFrom: { run: parent.id, step: 0 },
    })
    fork.close()
    expect(
      project.experiments
        .get('pre')
        .runs()
        .map((r) => r.id),
    ).toEqual([parent.id])
    expect(project.experiments.get('branch').head()?.id).toBe(fork.id)
    expect(project.runs.get(fork.id).field('sys/experiment').fetch()).toBe('branch')
  })
})

describe('deleting an experiment', () => {
  it('removes it and its models (with their records), keeps its runs, and leaves other experiments whole', () => {
    const project = tempProject()
    const doomed = project.experiments.create('doomed')
    const kept = project.experiments.create('kept')
    const m = doomed.models.create('m', { name: 'doomed model' })
    m.metrics.log('loss', 1, { step: 0 })
    m.modules.log('Linear')
    m.iterations.create(0).modules.log('Adam')
    m.createVersion().close()
    m.field('config/x').assign(1) // still buffered when the experiment is deleted
    kept.models.create('k').metrics.log('loss', 2)
    const run = project.startRun({ ...NO_CAPTURE, experiment: 'doomed' })
    run.log({ 'train/loss': 0.5 }, { step: 0 })
    run.close()

    project.experiments.delete(doomed.id)
    expect(project.experiments.list().map((e) => e.name)).toEqual(['kept'])
    expect(thrown(() => project.experiments.get('doomed')).code).toBe('EXPERIMENT_NOT_FOUND')
    expect(countRows(project.dir, 'models')).toBe(1)
    expect(countRows(project.dir, 'model_metrics')).toBe(1)
    expect(countRows(project.dir, 'modules')).toBe(0)
    expect(countRows(project.dir, 'iterations')).toBe(0)
    expect(countRows(project.dir, 'model_versions')).toBe(0)
    expect(countRows(project.dir, "runs WHERE kind != 'run'")).toBe(1)
    expect(countRows(project.dir, 'experiment_runs')).toBe(0)
    // the run stays, with its data; it is just in no experiment now
    expect(project.runs.list().map((r) => r.id)).toEqual([run.id])
    expect(project.runs.get(run.id).field('train/loss').fetchLast()).toBe(0.5)
    expect(
      kept.models
        .read('k')!
        .metrics.list()
        .map((x) => x.value),
    ).toEqual([2])
    // a new experiment of the same name starts empty
    const again = project.experiments.create('doomed')
    expect(again.runs()).toEqual([])
    expect(again.models.list()).toEqual([])
    expect(() => project.close()).not.toThrow()
  })

  it('leaves no way to add models to it through a handle kept from before', () => {
    const project = tempProject()
    const experiment = project.experiments.create('gone')
    project.experiments.delete(experiment.id)
    const error = thrown(() => experiment.models.create('orphan'))
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error.code).toBe('EXPERIMENT_NOT_FOUND')
    expect(countRows(project.dir, 'models')).toBe(0)
    expect(countRows(project.dir, 'runs')).toBe(0)
  })

  it('refuses an unknown id (EXPERIMENT_NOT_FOUND), including a name passed as the id', () => {
    const project = tempProject()
    project.experiments.create('baseline')
    const error = thrown(() => project.experiments.delete('baseline'))
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error.code).toBe('EXPERIMENT_NOT_FOUND')
    expect(error.hint).toMatch(/id/)
    expect(project.experiments.list()).toHaveLength(1)
  })
})
