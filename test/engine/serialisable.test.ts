/**
 * Every list()/get() result of the public API is plain data or a handle with a toJSON: JSON.stringify
 * works on it (no "Converting circular structure") and gives the handle's identity, not its database.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openProject } from '../../src/index.js'
import { tempProject } from '../helpers/project.js'
import { tempDir } from '../helpers/tmp.js'

const project = tempProject({}, 'SER')
afterAll(() => project.close())

const experiment = project.experiments.create('baseline')
experiment.models.create('h1', { name: 'exp-model' })
const model = project.models.create('m1', { name: 'mlp', description: 'baseline' })
model.metrics.log('accuracy', 0.91, { step: 10, phase: 'val' })
model.modules.log('Linear', { in: 2, out: 16 })
model.iterations.create(10).modules.log('SGD', { lr: 0.1 })
const version = model.createVersion()
const run = project.startRun({ name: 'r', tags: ['a'], experiment: 'baseline', customRunId: 'c-1' })
run.assign('parameters/lr', 0.1)
run.events.append('lr_drop', { from: 0.1 })
const weights = join(tempDir(), 'w.pt')
writeFileSync(weights, 'weights')
await run.checkpoint('weights', weights, { step: 1 })
run.flush()

function roundTrip(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown
}

describe('JSON.stringify on every list() and get()', () => {
  it('experiments.list() and get() give id, name, createdAt and run ids', () => {
    const expected = { id: experiment.id, name: 'baseline', createdAt: experiment.createdAt.toISOString() }
    expect(roundTrip(project.experiments.list())).toEqual([{ ...expected, runs: [run.id] }])
    expect(roundTrip(project.experiments.get('baseline'))).toEqual({ ...expected, runs: [run.id] })
    expect(roundTrip(experiment.runs())).toMatchObject([{ id: run.id, name: 'r' }])
    expect(roundTrip(experiment.head())).toMatchObject({ id: run.id })
    expect(roundTrip(experiment.models.list())).toMatchObject([{ hash: 'h1', name: 'exp-model' }])
  })

  it('models.list(), read() and a model give their summary, versions theirs', () => {
    const summary = { id: model.sysId, uuid: model.id, hash: 'm1', name: 'mlp', description: 'baseline' }
    expect(roundTrip(project.models.list())).toMatchObject([summary])
    expect(roundTrip(project.models.read('m1'))).toMatchObject({ ...summary, step: 0, experiment: null })
    expect(roundTrip(model.versions())).toEqual([{ id: version.id, uuid: version.uuid, stage: 'none' }])
    expect(roundTrip(version)).toEqual({ id: version.id, uuid: version.uuid, stage: 'none' })
  })

  it('model records: metrics, modules and iterations (with their modules) are plain', () => {
    expect(roundTrip(model.metrics.list())).toMatchObject([{ name: 'accuracy', value: 0.91, step: 10 }])
    expect(roundTrip(model.modules.list())).toMatchObject([{ name: 'Linear' }])
    const iterations = roundTrip(model.iterations.list()) as { step: number; modules: unknown }[]
    expect(iterations).toMatchObject([{ step: 10, modules: [{ name: 'SGD' }] }])
    expect(roundTrip(model.iterations.get(10))).toMatchObject({ step: 10, modules: [{ name: 'SGD' }] })
  })

  it('runs.list(), runs.get(), events, checkpoints and operations are plain', () => {
    expect(roundTrip(project.runs.list())).toMatchObject([{ id: run.id, customRunId: 'c-1', tags: ['a'] }])
    expect(roundTrip(project.runs.get(run.id))).toEqual({ id: run.id, uuid: run.uuid, customRunId: 'c-1' })
    expect(roundTrip(run)).toEqual({ id: run.id, uuid: run.uuid, customRunId: 'c-1' })
    expect(roundTrip(run.events.list({ type: 'lr_drop' }))).toMatchObject([{ payload: { from: 0.1 } }])
    expect(roundTrip(run.checkpoints.list('weights'))).toMatchObject([{ checkpoint: 'weights', step: 1 }])
    expect(roundTrip(run.checkpoints.best('weights'))).toMatchObject({ checkpoint: 'weights' })
    expect(() => JSON.stringify(project.operations.list())).not.toThrow()
  })

  it('a read-only project gives the same plain listings', () => {
    const reader = openProject(project.dir, { readonly: true })
    try {
      expect(roundTrip(reader.listExperiments())).toMatchObject([{ name: 'baseline', runs: [run.id] }])
      expect(roundTrip(reader.listModels())).toHaveLength(2)
      expect(roundTrip(reader.listModelVersions(model.sysId))).toMatchObject([{ id: version.id }])
      expect(roundTrip(reader.runs.get(run.id))).toEqual({ id: run.id, uuid: run.uuid, customRunId: 'c-1' })
    } finally {
      reader.close()
    }
  })
})
