/**
 * Local deletes reach the hub on the next pass: a field deleted locally (an atom, a float series with
 * sealed chunks, a string series) and a deleted model with its versions are deleted in the hub; a field
 * deleted and logged again at the same path replaces the hub's copy from its start; `keepDeleted` leaves
 * the hub as it was; another source's runs are never touched.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { cli } from '../cli/cli.js'
import { connectHub } from '../../src/hub/connect.js'
import { syncOnce, type SyncOptions } from '../../src/hub/sync.js'
import type { Project } from '../../src/index.js'
import { startPostgres, type PgServer } from '../helpers/postgres.js'
import { tempProject } from '../helpers/project.js'
import { hubCounts, hubRuns, localRuns } from './hub-dump.js'

let pg: PgServer
beforeAll(async () => {
  pg = await startPostgres()
})
afterAll(() => pg.stop())

async function syncInto(url: string, project: Project, options: SyncOptions = {}) {
  const hub = await connectHub(url)
  try {
    return await syncOnce(project, hub, { project: 'team', ...options })
  } finally {
    await hub.close()
  }
}

function populate(project: Project): { run: string; model: string } {
  const run = project.startRun({ name: 'a' })
  run.assign({ 'params/lr': 0.1, 'params/keep': 'yes' })
  for (let step = 0; step < 30_000; step++)
    run.log({ 'train/loss': 1 / (step + 1), 'train/acc': step }, { step })
  for (let step = 0; step < 5; step++) run.field('logs/out').append(`line ${step}`, { step })
  run.close()
  const model = project.models.create('h1', { name: 'mlp' })
  model.createVersion().close()
  model.close()
  return { run: run.id, model: model.id }
}

test('deleted fields and a deleted model with its versions are deleted in the hub', async () => {
  const url = await pg.database()
  const project = tempProject({}, 'alpha')
  const { run, model } = populate(project)
  const other = tempProject({}, 'beta')
  other.startRun({ name: 'b' }).assign({ 'params/lr': 1 })
  await syncInto(url, project)
  await syncInto(url, other)
  const before = await hubCounts(url, 'team')
  const resumed = project.runs.resume(run)
  resumed.delete('params/lr')
  resumed.delete('train/loss')
  resumed.delete('logs')
  resumed.close()
  project.models.delete(model)
  const report = await syncInto(url, project)
  expect(report).toMatchObject({ deletedRuns: 2, deletedFields: 3 })
  const after = await hubCounts(url, 'team')
  expect(after.runs).toBe(before.runs! - 2)
  expect(after.strings).toBe(0)
  expect(after.points).toBe(30_000)
  // the hub holds exactly both local projects
  expect(await hubRuns(url, 'team')).toEqual({ ...localRuns(project), ...localRuns(other) })
  // a second pass deletes nothing more
  expect(await syncInto(url, project)).toMatchObject({ deletedRuns: 0, deletedFields: 0 })
})

test('keepDeleted leaves the hub as it was', async () => {
  const url = await pg.database()
  const project = tempProject({}, 'alpha')
  const { run } = populate(project)
  await syncInto(url, project)
  const before = await hubCounts(url, 'team')
  const resumed = project.runs.resume(run)
  resumed.delete('train')
  resumed.close()
  expect(await syncInto(url, project, { keepDeleted: true })).toMatchObject({
    deletedRuns: 0,
    deletedFields: 0,
  })
  // the resume's events are new; nothing else changed
  expect({ ...(await hubCounts(url, 'team')), events: 0 }).toEqual({ ...before, events: 0 })
  expect(await syncInto(url, project)).toMatchObject({ deletedFields: 2 })
})

test('a series deleted and logged again at the same path replaces its sealed chunks in the hub', async () => {
  const url = await pg.database()
  const project = tempProject({}, 'alpha')
  const { run } = populate(project)
  await syncInto(url, project)
  const resumed = project.runs.resume(run)
  resumed.delete('train/loss')
  resumed.delete('logs/out')
  for (let step = 100; step < 120; step++) resumed.log({ 'train/loss': -step }, { step })
  resumed.field('logs/out').append('again', { step: 1 })
  resumed.close()
  // one pass ships the new fields and finds nothing gone (the paths exist again)
  expect(await syncInto(url, project)).toMatchObject({ deletedFields: 0 })
  expect(await hubRuns(url, 'team')).toEqual(localRuns(project))
  expect((await hubCounts(url, 'team')).points).toBe(30_000 + 20)
})

test('nereid sync --keep-deleted leaves deletes out; without it they are shipped', async () => {
  const url = await pg.database()
  const project = tempProject({}, 'alpha')
  const { run } = populate(project)
  expect(cli(['sync', project.dir, '--to', url, '--json']).code).toBe(0)
  const resumed = project.runs.resume(run)
  resumed.delete('params')
  resumed.close()
  const kept = cli(['sync', project.dir, '--to', url, '--keep-deleted', '--json'])
  expect(kept.code).toBe(0)
  expect(JSON.parse(kept.stdout)).toMatchObject({ deletedFields: 0 })
  const shipped = cli(['sync', project.dir, '--to', url, '--json'])
  expect(JSON.parse(shipped.stdout)).toMatchObject({ deletedFields: 2, deletedRuns: 0 })
})
