/**
 * Models (issue 3; MLTracker's Models/Model, Neptune's Model/ModelVersion): CRUD by hash, a writable step,
 * metrics/modules/iterations records, deletes that cascade (counted in project.db), versions with a stage
 * changed only by changeStage(), and a model as a field container.
 */
import { describe, expect, it } from 'vitest'
import {
  InvalidPathError,
  InvalidValueError,
  Model,
  NereidError,
  NotFoundError,
  STAGES,
  type Project,
} from '../../../src/index.js'
import { reopen, tempProject, thrown } from '../../helpers/project.js'
import { countRows } from './helpers.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('models CRUD', () => {
  it('creates a model with uuid, hash, name and description, and reads it back by hash', () => {
    const project = tempProject({}, 'demo')
    const model = project.models.create('a1b2c3', { name: 'mlp', description: 'two layers' })
    expect(model).toBeInstanceOf(Model)
    expect(model.id).toMatch(UUID)
    expect(model.sysId).toBe('DEMO-M1')
    expect(model.hash).toBe('a1b2c3')
    expect(model.name).toBe('mlp')
    expect(model.description).toBe('two layers')
    expect(model.step).toBe(0)

    const dir = project.dir
    project.close()
    const read = reopen(dir).models.read('a1b2c3')!
    expect(read).toBeDefined()
    expect([read.id, read.sysId, read.hash, read.name, read.description, read.step]).toEqual([
      model.id,
      'DEMO-M1',
      'a1b2c3',
      'mlp',
      'two layers',
      0,
    ])
  })

  it('has no name or description when none is given, and read() of an unknown hash is undefined', () => {
    const project = tempProject()
    const model = project.models.create('h')
    expect(model.name).toBeNull()
    expect(model.description).toBeNull()
    expect(project.models.read('nope')).toBeUndefined()
  })

  it('updates name and description separately by hash; an unknown hash is MODEL_NOT_FOUND', () => {
    const project = tempProject()
    const model = project.models.create('h', { name: 'old', description: 'kept' })
    project.models.update('h', { name: 'new' })
    expect(model.name).toBe('new')
    expect(model.description).toBe('kept')
    project.models.update('h', { description: 'changed' })
    expect(project.models.read('h')!.name).toBe('new')
    expect(project.models.read('h')!.description).toBe('changed')
    // the model's sys fields follow
    expect(model.fetch('sys/name')).toBe('new')
    expect(model.fetch('sys/description')).toBe('changed')
    const error = thrown(() => project.models.update('missing', { name: 'x' }))
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error.code).toBe('MODEL_NOT_FOUND')
  })

  it('lists models oldest first and deletes by id; an unknown id is MODEL_NOT_FOUND', () => {
    const project = tempProject()
    const a = project.models.create('a')
    const b = project.models.create('b')
    const c = project.models.create('c')
    expect(project.models.list().map((m) => m.hash)).toEqual(['a', 'b', 'c'])
    project.models.delete(b.id)
    expect(project.models.list().map((m) => m.hash)).toEqual(['a', 'c'])
    expect(project.models.read('b')).toBeUndefined()
    expect(thrown(() => project.models.delete(b.id)).code).toBe('MODEL_NOT_FOUND')
    // a hash is not an id
    expect(thrown(() => project.models.delete('a')).code).toBe('MODEL_NOT_FOUND')
    expect(project.models.list().map((m) => m.id)).toEqual([a.id, c.id])
    // the hash of a deleted model can be used again
    expect(project.models.create('b').hash).toBe('b')
  })

  it('refuses a duplicate hash in the same scope (MODEL_EXISTS) and leaves the first model alone', () => {
    const project = tempProject()
    project.models.create('same', { name: 'first' })
    const error = thrown(() => project.models.create('same', { name: 'second' }))
    expect(error).toBeInstanceOf(NereidError)
    expect(error.code).toBe('MODEL_EXISTS')
    expect(error.hint).toMatch(/read/)
    expect(project.models.list()).toHaveLength(1)
    expect(project.models.read('same')!.name).toBe('first')
  })

  it('allows the same hash in two experiments and in the project', () => {
    const project = tempProject()
    const one = project.experiments.create('one')
    const two = project.experiments.create('two')
    const m1 = one.models.create('same', { name: 'in one' })
    const m2 = two.models.create('same', { name: 'in two' })
    const m0 = project.models.create('same', { name: 'in project' })
    expect(new Set([m0.id, m1.id, m2.id]).size).toBe(3)
    expect(one.models.read('same')!.name).toBe('in one')
    expect(two.models.read('same')!.name).toBe('in two')
    expect(project.models.read('same')!.name).toBe('in project')
    expect(project.models.list().map((m) => m.name)).toEqual(['in project'])
    expect(thrown(() => one.models.create('same')).code).toBe('MODEL_EXISTS')
  })

  it('refuses a hash that is not a non-empty string', () => {
    const project = tempProject()
    for (const hash of ['', 'x'.repeat(257), 12 as unknown as string, undefined as unknown as string]) {
      const error = thrown(() => project.models.create(hash))
      expect(error).toBeInstanceOf(InvalidValueError)
      expect(error.code).toBe('INVALID_MODEL_HASH')
    }
    expect(project.models.list()).toEqual([])
  })
})

describe('model.step', () => {
  it('is writable and persists; a negative or fractional step is refused', () => {
    const project = tempProject()
    const model = project.models.create('h')
    model.step = 10
    expect(model.step).toBe(10)
    expect(project.models.read('h')!.step).toBe(10)
    for (const bad of [-1, 1.5, Number.NaN]) {
      expect(thrown(() => (model.step = bad)).code).toBe('INVALID_STEP')
    }
    expect(model.step).toBe(10)
    const dir = project.dir
    project.close()
    expect(reopen(dir).models.read('h')!.step).toBe(10)
  })
})

describe('model records', () => {
  it('logs metrics with step and phase, and lists them in order, all or by name', () => {
    const project = tempProject()
    const model = project.models.create('h')
    const logged = model.metrics.log('loss', 0.5, { step: 1, phase: 'train' })
    expect(logged).toMatchObject({ name: 'loss', value: 0.5, step: 1, phase: 'train' })
    expect(logged.id).toMatch(UUID)
    model.metrics.log('accuracy', 0.8, { step: 1, phase: 'val' })
    model.metrics.log('loss', 0.4, { step: 2, phase: 'train' })
    model.metrics.log('confusion', [
      [1, 2],
      [3, 4],
    ])
    expect(model.metrics.list().map((m) => [m.name, m.value, m.step, m.phase])).toEqual([
      ['loss', 0.5, 1, 'train'],
      ['accuracy', 0.8, 1, 'val'],
      ['loss', 0.4, 2, 'train'],
      [
        'confusion',
        [
          [1, 2],
          [3, 4],
        ],
        null,
        null,
      ],
    ])
    expect(model.metrics.list('loss').map((m) => m.value)).toEqual([0.5, 0.4])
    expect(model.metrics.list('missing')).toEqual([])
    // a second model's metrics are its own
    expect(project.models.create('other').metrics.list()).toEqual([])
    // and they survive a reopen
    const dir = project.dir
    project.close()
    expect(
      reopen(dir)
        .models.read('h')!
        .metrics.list('loss')
        .map((m) => [m.step, m.phase]),
    ).toEqual([
      [1, 'train'],
      [2, 'train'],
    ])
  })

  it('refuses a metric step that is not an integer, a phase that is not a string, and values JSON would change', () => {
    const project = tempProject()
    const model = project.models.create('h')
    for (const step of [1.5, Number.NaN, '3' as unknown as number])
      expect(thrown(() => model.metrics.log('loss', 1, { step })).code).toBe('INVALID_STEP')
    expect(thrown(() => model.metrics.log('loss', 1, { phase: 3 as unknown as string })).code).toBe(
      'INVALID_VALUE',
    )
    // JSON would store these as null: refused at the call rather than changed silently
    for (const value of [Number.NaN, Infinity, -Infinity, { loss: Number.NaN }, [1, Infinity]]) {
      const error = thrown(() => model.metrics.log('loss', value))
      expect(error).toBeInstanceOf(InvalidValueError)
      expect(error.code).toBe('INVALID_VALUE')
    }
    expect(thrown(() => model.modules.log('Linear', { init: Number.NaN })).code).toBe('INVALID_VALUE')
    expect(thrown(() => model.metrics.log('loss', undefined)).code).toBe('INVALID_VALUE')
    expect(model.metrics.list()).toEqual([])
    expect(model.modules.list()).toEqual([])
    // what JSON keeps is accepted and read back equal
    for (const value of [0, -1.5e300, 'text', true, null, { nested: [1, 'a', null] }])
      model.metrics.log('ok', value)
    expect(model.metrics.list('ok').map((m) => m.value)).toEqual([
      0,
      -1.5e300,
      'text',
      true,
      null,
      { nested: [1, 'a', null] },
    ])
  })

  it('removes one metric or clears them', () => {
    const project = tempProject()
    const model = project.models.create('h')
    const first = model.metrics.log('a', 1)
    model.metrics.log('b', 2)
    model.metrics.remove(first.id)
    expect(model.metrics.list().map((m) => m.name)).toEqual(['b'])
    model.metrics.clear()
    expect(model.metrics.list()).toEqual([])
  })

  it('logs modules with their attributes and lists them in order', () => {
    const project = tempProject()
    const model = project.models.create('h')
    model.modules.log('Linear', { in: 784, out: 128, bias: true })
    model.modules.log('ReLU')
    model.modules.log('Linear', { in: 128, out: 10 })
    expect(model.modules.list().map((m) => [m.name, m.attributes])).toEqual([
      ['Linear', { in: 784, out: 128, bias: true }],
      ['ReLU', {}],
      ['Linear', { in: 128, out: 10 }],
    ])
    expect(thrown(() => model.modules.log('', {})).code).toBe('INVALID_NAME')
  })

  it('creates iterations, each with its own modules, and gets them by step', () => {
    const project = tempProject()
    const model = project.models.create('h')
    model.modules.log('Linear', { in: 4, out: 2 })
    const first = model.iterations.create(1)
    first.modules.log('Adam', { lr: 0.001 })
    first.modules.log('CrossEntropyLoss')
    const second = model.iterations.create(2)
    second.modules.log('SGD', { lr: 0.1, momentum: 0.9 })
    model.iterations.create(2) // steps need not be unique

    expect(first.step).toBe(1)
    expect(first.id).toMatch(UUID)
    expect(model.iterations.list().map((i) => i.step)).toEqual([1, 2, 2])
    expect(
      model.iterations
        .get(1)!
        .modules.list()
        .map((m) => m.name),
    ).toEqual(['Adam', 'CrossEntropyLoss'])
    // get() returns the first iteration at that step
    expect(model.iterations.get(2)!.id).toBe(second.id)
    expect(model.iterations.get(2)!.modules.list()).toMatchObject([
      { name: 'SGD', attributes: { lr: 0.1, momentum: 0.9 } },
    ])
    expect(model.iterations.get(3)).toBeUndefined()
    // the iterations' modules are not the model's
    expect(model.modules.list().map((m) => m.name)).toEqual(['Linear'])
    expect(thrown(() => model.iterations.create(1.5)).code).toBe('INVALID_STEP')
  })

  it('removes an iteration with its modules, and nothing else', () => {
    const project = tempProject()
    const model = project.models.create('h')
    model.modules.log('Linear')
    const a = model.iterations.create(1)
    a.modules.log('Adam')
    const b = model.iterations.create(2)
    b.modules.log('SGD')
    model.iterations.remove(a.id)
    expect(model.iterations.list().map((i) => i.step)).toEqual([2])
    expect(countRows(project.dir, 'modules')).toBe(2) // Linear and SGD
    expect(model.modules.list().map((m) => m.name)).toEqual(['Linear'])
  })
})

/** Counts of every table a model's data lives in. */
function counts(project: Project) {
  const dir = project.dir
  return {
    models: countRows(dir, 'models'),
    containers: countRows(dir, "runs WHERE kind IN ('model', 'model_version')"),
    versions: countRows(dir, 'model_versions'),
    metrics: countRows(dir, 'model_metrics'),
    modules: countRows(dir, 'modules'),
    iterations: countRows(dir, 'iterations'),
    fields: countRows(
      dir,
      "fields WHERE run_id IN (SELECT id FROM runs WHERE kind IN ('model', 'model_version'))",
    ),
    chunks: countRows(dir, 'series_chunks'),
  }
}

/** A model with two of everything, its fields flushed. */
function fullModel(project: Project, hash: string, scope = project.models): Model {
  const model = scope.create(hash, { name: hash })
  model.metrics.log('loss', 1, { step: 1 })
  model.metrics.log('loss', 0.5, { step: 2 })
  model.modules.log('Linear', { out: 2 })
  model.modules.log('ReLU')
  const it1 = model.iterations.create(1)
  it1.modules.log('Adam', { lr: 0.01 })
  model.iterations.create(2).modules.log('SGD')
  model.field('config/layers').assign(2n)
  model.field('train/loss').extend([1, 0.5])
  const v1 = model.createVersion()
  v1.field('validation/acc').assign(0.9)
  v1.close()
  model.createVersion().close()
  model.close()
  return model
}

describe('deleting a model cascades', () => {
  it('removes its metrics, modules, iterations (with theirs), versions and fields, and leaves other models whole', () => {
    const project = tempProject()
    const keep = fullModel(project, 'keep')
    const one = counts(project)
    const gone = fullModel(project, 'gone')
    const two = counts(project)
    expect(two).toEqual({
      models: 2,
      containers: 6,
      versions: 4,
      metrics: 4,
      modules: 8,
      iterations: 4,
      fields: two.fields,
      chunks: two.chunks,
    })
    expect(two.fields).toBe(2 * one.fields)
    expect(two.chunks).toBe(2 * one.chunks)
    expect(one.chunks).toBeGreaterThan(0)

    project.models.delete(gone.id)
    expect(counts(project)).toEqual(one)
    expect(project.models.list().map((m) => m.hash)).toEqual(['keep'])
    const kept = project.models.read('keep')!
    expect(kept.metrics.list()).toHaveLength(2)
    expect(kept.iterations.list()).toHaveLength(2)
    expect(kept.versions()).toHaveLength(2)
    expect(kept.fetch('config/layers')).toBe(2n)
    expect(keep.id).toBe(kept.id)
  })

  it('clear() deletes every model of the scope', () => {
    const project = tempProject()
    fullModel(project, 'a')
    fullModel(project, 'b')
    project.models.clear()
    expect(counts(project)).toEqual({
      models: 0,
      containers: 0,
      versions: 0,
      metrics: 0,
      modules: 0,
      iterations: 0,
      fields: 0,
      chunks: 0,
    })
  })

  it('does not break project.close() when the deleted model still had unflushed writes', () => {
    const project = tempProject()
    const model = project.models.create('h')
    model.field('config/x').assign(1)
    project.models.delete(model.id)
    expect(() => project.close()).not.toThrow()
    expect(countRows(project.dir, 'fields')).toBe(0)
  })

  it('makes a handle on a deleted model or version refuse further writes with a NotFoundError', () => {
    const project = tempProject()
    const model = project.models.create('h')
    const version = model.createVersion()
    version.field('a').assign(1)
    project.models.delete(model.id)
    expect(thrown(() => model.field('config/x').assign(1)).code).toBe('MODEL_NOT_FOUND')
    expect(thrown(() => version.field('a').assign(2)).code).toBe('MODEL_VERSION_NOT_FOUND')
    expect(() => project.close()).not.toThrow()
    expect(countRows(project.dir, 'runs')).toBe(0)
  })
})

describe('model versions', () => {
  it('starts each version at sys/stage none, numbered under the model', () => {
    const project = tempProject({}, 'demo')
    const model = project.models.create('h')
    const v1 = model.createVersion()
    const v2 = model.createVersion()
    expect([v1.id, v2.id]).toEqual(['DEMO-M1-1', 'DEMO-M1-2'])
    expect(v1.uuid).toMatch(UUID)
    expect(v1.stage()).toBe('none')
    expect(v1.fetch('sys/stage')).toBe('none')
    expect(v1.fetch('sys/model_id')).toBe('DEMO-M1')
    expect(model.versions().map((v) => v.id)).toEqual(['DEMO-M1-1', 'DEMO-M1-2'])
    v1.close()
    v2.close()
  })

  it('changes stage only through changeStage(), through every stage, and keeps it after reopen', () => {
    const project = tempProject()
    const model = project.models.create('h')
    const version = model.createVersion()
    for (const stage of STAGES) {
      version.changeStage(stage)
      expect(version.stage()).toBe(stage)
    }
    version.changeStage('production')
    version.close()
    const dir = project.dir
    project.close()
    const again = reopen(dir).models.read('h')!.versions()[0]!
    expect(again.stage()).toBe('production')
    expect(again.fetch('sys/stage')).toBe('production')
  })

  it('refuses an unknown stage (INVALID_STAGE) and keeps the current one', () => {
    const project = tempProject()
    const version = project.models.create('h').createVersion()
    version.changeStage('staging')
    for (const stage of ['prod', 'Production', '', 3]) {
      const error = thrown(() => version.changeStage(stage as 'none'))
      expect(error).toBeInstanceOf(InvalidValueError)
      expect(error.code).toBe('INVALID_STAGE')
      expect(error.hint).toContain('none, staging, production, archived')
    }
    expect(version.stage()).toBe('staging')
    version.close()
  })

  it('refuses a direct write of sys/stage with an InvalidPathError', () => {
    const project = tempProject()
    const version = project.models.create('h').createVersion()
    for (const write of [
      () => version.field('sys/stage').assign('production'),
      () => version.assign('sys/stage', 'production'),
      () => version.assign({ sys: { stage: 'production' } }),
      () => version.field('sys/model_id').assign('X'),
    ]) {
      expect(thrown(write)).toBeInstanceOf(InvalidPathError)
    }
    expect(version.stage()).toBe('none')
    version.close()
  })

  it('is a field container of its own', () => {
    const project = tempProject()
    const model = project.models.create('h')
    const v1 = model.createVersion()
    const v2 = model.createVersion()
    v1.assign('validation', { acc: 0.91, dataset: 'val-2024' })
    v1.field('validation/curve').extend([0.5, 0.7, 0.91])
    v2.field('validation/acc').assign(0.95)
    expect(v1.fetch('validation')).toEqual({ acc: 0.91, dataset: 'val-2024', curve: 0.91 })
    expect(v2.fetch('validation')).toEqual({ acc: 0.95 })
    v1.close()
    v2.close()
    expect(model.versions()[0]!.field('validation/curve').fetchValues().values).toEqual(
      Float64Array.from([0.5, 0.7, 0.91]),
    )
  })
})

describe('a model as a field container', () => {
  it('holds atoms, series and string sets through model.field(path), with sys fields kept by Nereid', () => {
    const project = tempProject({}, 'demo')
    const model = project.models.create('h', { name: 'mlp' })
    model.field('config/layers').assign(4n)
    model.field('config/activation').assign('ELU')
    model.assign('config', { dropout: 0.1 })
    model.field('train/loss').append(0.9)
    model.field('train/loss').append(0.7)
    model.field('data/splits').add(['train', 'val'])
    expect(model.field('config/layers').fetch()).toBe(4n)
    expect(model.fetch('config')).toEqual({ layers: 4n, activation: 'ELU', dropout: 0.1 })
    expect(model.field('train/loss').fetchLast()).toBe(0.7)
    expect(model.field('data/splits').fetch()).toEqual(['train', 'val'])
    expect(model.fetch('sys/id')).toBe('DEMO-M1')
    expect(model.fetch('sys/name')).toBe('mlp')
    expect((model.fetch('sys/creation_time') as Date).getTime()).toBeLessThanOrEqual(Date.now())
    expect(thrown(() => model.field('sys/id').assign('X'))).toBeInstanceOf(InvalidPathError)
    model.close()

    // models are not runs: no run is listed, and the model has no run lifecycle fields
    expect(project.runs.list()).toEqual([])
    const dir = project.dir
    project.close()
    const again = reopen(dir).models.read('h')!
    expect(again.fetch('config')).toEqual({ layers: 4n, activation: 'ELU', dropout: 0.1 })
    expect(again.field('train/loss').fetchValues().values).toEqual(Float64Array.from([0.9, 0.7]))
    expect(again.field('sys/state').exists()).toBe(false)
    again.close()
  })
})
