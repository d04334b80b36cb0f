/**
 * The hub's read store answers like the local store for what it supports: the same project synced into a
 * real PostgreSQL 15 and read through both (runs, fields, float series as buckets and as points, strings,
 * runs-table reads with and without a query; test/hub/nql-corpus.test.ts has the query corpus); what it
 * does not support yet is a typed error.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { connectHub } from '../../src/hub/connect.js'
import { openPgStore } from '../../src/hub/pg-store.js'
import { syncOnce } from '../../src/hub/sync.js'
import { openLocalStore } from '../../src/store/local-store.js'
import type { ProjectStore, ReadStore } from '../../src/store/read-store.js'
import { startPostgres, type PgServer } from '../helpers/postgres.js'
import { tempProject } from '../helpers/project.js'

let pg: PgServer
let local: ReadStore
let localExtras: ReadStore
let x: ProjectStore
let y: ProjectStore
let hub: ReadStore
let a: ProjectStore
let b: ProjectStore
const ids: string[] = []
const forks: string[] = []
let filesRun = ''
let modelId = ''
let fileForkRun = ''

beforeAll(async () => {
  pg = await startPostgres()
  const url = await pg.database()
  const project = tempProject({}, 'corpus')
  for (let r = 0; r < 5; r++) {
    const run = project.startRun({ name: `run-${r}` })
    ids.push(run.id)
    run.assign({
      'params/lr': [0.1, 0.01, 0.3, 0.01, 0.2][r]!,
      'params/name': `n${4 - r}`,
      'params/layers': BigInt(r * 3),
      'params/on': r % 2 === 0,
    })
    const n = r === 0 ? 50_000 : 300 * (r + 1)
    for (let step = 0; step < n; step++)
      run.log(
        {
          'train/loss': Math.cos(step / 100) / (step + 1),
          'train/acc': step % 17 === 0 ? Number.NaN : step / n,
        },
        { step },
      )
    for (let step = 0; step < 5; step++) run.field('logs/out').append(`line ${step} of ${r}`, { step })
    run.close()
  }
  // a fork of the 50k-point run at 40000 logging to 100k, and a fork of that fork at 80000 logging to
  // 150k: lineage reads of more points than a small read takes, so buckets fold level-of-detail blocks
  let parent = ids[0]!
  for (const [at, last] of [
    [40_000, 100_000],
    [80_000, 150_000],
  ] as const) {
    const fork = project.startRun({ name: `fork-${at}`, forkFrom: { run: parent, step: at } })
    ids.push(fork.id)
    forks.push(fork.id)
    for (let step = at + 1; step < last; step++)
      fork.log({ 'train/loss': Math.sin(step / 50) / (step + 1), 'train/acc': step / last }, { step })
    for (let step = at + 1; step < at + 4; step++)
      fork.field('logs/out').append(`fork line ${step}`, { step })
    fork.close()
    parent = fork.id
  }
  // file fields of every type, checkpoints, and a fork reading its parent's file series
  const dir = mkdtempSync(join(tmpdir(), 'nereid-files-'))
  mkdirSync(join(dir, 'set', 'sub'), { recursive: true })
  writeFileSync(join(dir, 'set', 'a.txt'), 'alpha')
  writeFileSync(join(dir, 'set', 'sub', 'b.json'), '{"b":1}')
  writeFileSync(join(dir, 'ckpt.pt'), 'weights')
  const extras = tempProject({}, 'extras')
  const files = extras.startRun({ name: 'files' })
  filesRun = files.id
  await files.field('data/sample').upload(Buffer.from('sample bytes'), { name: 'sample.txt' })
  await files.field('data/set').uploadFiles(['set/**'], { cwd: dir })
  await files.field('data/tracked').trackFiles(join(dir, 'set'))
  for (let step = 0; step < 4; step++)
    await files.field('images/pred').append(Buffer.from(`png ${step}`), { step, name: `p${step}.png` })
  for (let step = 0; step < 3; step++) {
    await files.checkpoint('weights', join(dir, 'ckpt.pt'), {
      step,
      metrics: { 'val/loss': [0.5, 0.7, 0.2][step]! },
      keep: 'lowest',
      metric: 'val/loss',
    })
  }
  files.close()
  const fileFork = extras.startRun({ name: 'file-fork', forkFrom: { run: files.id, step: 1 } })
  fileForkRun = fileFork.id
  await fileFork.field('images/pred').append(Buffer.from('fork png'), { step: 2, name: 'f2.png' })
  fileFork.close()
  // the model registry and experiments
  const baseline = extras.experiments.create('baseline')
  extras.startRun({ name: 'in-baseline', experiment: 'baseline' }).close()
  extras.experiments.create('later')
  const mlp = extras.models.create('a1b2c3', { name: 'mlp', description: 'two layers' })
  baseline.models.create('d4e5f6', { name: 'cnn' }).close()
  const v1 = mlp.createVersion()
  v1.changeStage('production')
  v1.close()
  mlp.createVersion().close()
  mlp.close()
  modelId = mlp.sysId
  const connection = await connectHub(url)
  await syncOnce(project, connection)
  await syncOnce(extras, connection, { objectsDir: join(dir, 'shared') })
  await connection.close()
  local = openLocalStore(project.dir)
  localExtras = openLocalStore(extras.dir)
  hub = await openPgStore(url, { objectsDir: join(dir, 'shared') })
  x = await localExtras.project('extras')
  y = await hub.project('extras')
  a = await local.project('corpus')
  b = await hub.project('corpus')
})
afterAll(async () => {
  await hub?.close()
  await local?.close()
  await localExtras?.close()
  await pg.stop()
})

test('the hub lists the project', async () => {
  expect(await hub.names()).toEqual(['corpus', 'extras'])
})

test('runs: uuid, lineage, structure and name alike', async () => {
  for (const [p, q, id] of [
    ...ids.map((id) => [a, b, id] as const),
    [x, y, filesRun] as const,
    [x, y, fileForkRun] as const,
  ]) {
    const [l, h] = [await p.run(id), await q.run(id)]
    expect({ uuid: h.uuid, lineage: h.lineage, structure: h.structure, name: h.sys['sys/name'] }).toEqual({
      uuid: l.uuid,
      lineage: l.lineage,
      structure: l.structure,
      name: l.sys['sys/name'],
    })
    expect(await q.runName(id)).toBe(await p.runName(id))
  }
})

test('fields: atoms and float series values alike', async () => {
  for (const id of ids) {
    for (const prefix of ['params', 'train']) {
      expect(await b.fields(id, prefix, { offset: 0, limit: 100 })).toEqual(
        await a.fields(id, prefix, { offset: 0, limit: 100 }),
      )
    }
  }
})

test('series: the same buckets and points', async () => {
  for (const id of ids) {
    for (const path of ['train/loss', 'train/acc']) {
      for (const request of [
        { buckets: 100 },
        { buckets: 700, from: 10, to: 4000 },
        { buckets: 100_000 },
        { buckets: 333, from: 39_000, to: 120_000 },
        { buckets: 7, from: 79_990, to: 80_010 },
        { after: 120, limit: 50 },
        { after: 39_990, limit: 30 },
        { after: 79_995, limit: 100_000 },
      ]) {
        expect(await b.series(id, path, request)).toEqual(await a.series(id, path, request))
      }
    }
  }
})

test('strings alike, with search, through a lineage too', async () => {
  for (const id of [ids[1]!, ...forks]) {
    for (const search of [undefined, 'line 3', 'fork']) {
      const page = { offset: 0, limit: 10, ...(search ? { search } : {}) }
      expect(await b.strings(id, 'logs/out', page)).toEqual(await a.strings(id, 'logs/out', page))
    }
  }
})

test("a fork's series read through its lineage: the ancestors' points up to each fork step", async () => {
  const [first, second] = forks as [string, string]
  const body = await b.series(second, 'train/loss', { after: -1, limit: 200_000 })
  const steps = (body as { points: { steps: number[] } }).points.steps
  expect(steps.length).toBe(150_000)
  expect(steps.slice(0, 2)).toEqual([0, 1])
  expect(steps[149_999]).toBe(149_999)
  const buckets = await b.series(first, 'train/loss', { buckets: 100 })
  expect(buckets).toMatchObject({ mode: 'buckets', from: 0, to: 99_999 })
  const counts = (buckets as { buckets: { count: number[] } }).buckets.count
  expect(counts.reduce((n, c) => n + c, 0)).toBe(100_000)
})

test('a corpus of runs-table reads without query answers alike', async () => {
  const corpus = [
    { columns: ['sys/id', 'params/lr'], sort: 'sys/id', ascending: true, offset: 0, limit: 10 },
    {
      columns: ['sys/id', 'params/lr', 'params/name'],
      sort: 'params/lr',
      ascending: false,
      offset: 0,
      limit: 10,
    },
    { columns: ['sys/id', 'params/name'], sort: 'params/name', ascending: true, offset: 1, limit: 2 },
    {
      columns: ['sys/id', 'params/layers', 'params/on'],
      sort: 'params/layers',
      ascending: false,
      offset: 0,
      limit: 3,
    },
    { columns: ['sys/id', 'train/loss'], sort: 'sys/id', ascending: true, offset: 0, limit: 10 },
  ]
  for (const q of corpus) {
    const [x, y] = [await a.runsTable(q), await b.runsTable(q)]
    expect({ total: y.total, items: y.items }).toEqual({ total: x.total, items: x.items })
  }
})

test('file fields of every type, file series through a lineage, checkpoints and objects alike', async () => {
  for (const id of [filesRun, fileForkRun]) {
    expect(await y.fields(id, '', { offset: 0, limit: 100 })).toEqual(
      await x.fields(id, '', { offset: 0, limit: 100 }),
    )
    for (const path of ['data/sample', 'data/set', 'data/tracked', 'images/pred', 'checkpoints/weights']) {
      for (const request of [
        { offset: 0, limit: 10 },
        { offset: 1, limit: 2, from: 1, to: 2 },
      ]) {
        expect(await y.files(id, path, request)).toEqual(await x.files(id, path, request))
      }
    }
    expect(await y.checkpoints(id)).toEqual(await x.checkpoints(id))
  }
  const pred = await y.files(fileForkRun, 'images/pred', { offset: 0, limit: 10 })
  expect((pred as unknown as { items: { name: string }[] }).items.map((e) => e.name)).toEqual([
    'p0.png',
    'p1.png',
    'f2.png',
  ])
  const kept = (await y.checkpoints(filesRun)) as { step: number; kept: boolean }[]
  // step 1 did not beat step 0 (not stored at all); step 2 did, and released step 0
  expect(kept.map((c) => [c.step, c.kept])).toEqual([
    [0, false],
    [2, true],
  ])
  const body: unknown = await y.files(filesRun, 'data/sample', { offset: 0, limit: 1 })
  const sample = body as { file: { hash: string } }
  const [mine, theirs] = [await x.object(sample.file.hash), await y.object(sample.file.hash)]
  expect(theirs?.size).toBe(mine?.size)
  expect(await new Response(theirs!.open()).text()).toBe('sample bytes')
  await expect(y.files(filesRun, 'data/nope', { offset: 0, limit: 1 })).rejects.toMatchObject({
    code: 'FIELD_NOT_FOUND',
  })
  await expect(b.files(ids[0]!, 'train/loss', { offset: 0, limit: 1 })).rejects.toMatchObject({
    code: 'WRONG_FIELD_TYPE',
  })
})

test('models, versions and experiments alike', async () => {
  for (const page of [
    { offset: 0, limit: 10 },
    { offset: 1, limit: 1 },
  ]) {
    expect(await y.models(page)).toEqual(await x.models(page))
    expect(await y.versions(modelId, page)).toEqual(await x.versions(modelId, page))
    expect(await y.experiments(page)).toEqual(await x.experiments(page))
  }
  const versions = (await y.versions(modelId, { offset: 0, limit: 10 })).items as {
    id: string
    stage: string
  }[]
  expect(versions.map((v) => [v.id, v.stage])).toEqual([
    [`${modelId}-1`, 'production'],
    [`${modelId}-2`, 'none'],
  ])
  expect((await y.experiments({ offset: 0, limit: 10 })).items).toMatchObject([
    { name: 'baseline', runs: [expect.any(String)] },
    { name: 'later', runs: [] },
  ])
  await expect(b.versions('CORPUS-M99', { offset: 0, limit: 1 })).rejects.toMatchObject({
    code: 'MODEL_NOT_FOUND',
  })
})

test('a runs table with a query answers alike', async () => {
  const q = {
    query: 'params/lr > 0.1',
    columns: ['params/lr'],
    sort: 'sys/id',
    ascending: true,
    offset: 0,
    limit: 5,
  }
  const [x, y] = [await a.runsTable(q), await b.runsTable(q)]
  expect(y).toEqual(x)
  expect(y.items.map((item) => item['params/lr'])).toEqual([0.3, 0.2])
})

test('unknown runs and projects are typed errors', async () => {
  await expect(b.run('CORPUS-99')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' })
  await expect(hub.project('nope')).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' })
})
