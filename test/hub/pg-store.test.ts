/**
 * The hub's read store answers like the local store for what it supports: the same project synced into a
 * real PostgreSQL 15 and read through both (runs, fields, float series as buckets and as points, strings,
 * runs-table reads with and without a query; test/hub/nql-corpus.test.ts has the query corpus); what it
 * does not support yet is a typed error.
 */
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
let hub: ReadStore
let a: ProjectStore
let b: ProjectStore
const ids: string[] = []

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
  const connection = await connectHub(url)
  await syncOnce(project, connection)
  await connection.close()
  local = openLocalStore(project.dir)
  hub = await openPgStore(url)
  a = await local.project('corpus')
  b = await hub.project('corpus')
})
afterAll(async () => {
  await hub?.close()
  await local?.close()
  await pg.stop()
})

test('the hub lists the project', async () => {
  expect(await hub.names()).toEqual(['corpus'])
})

test('runs: uuid, lineage, structure and name alike', async () => {
  for (const id of ids) {
    const [x, y] = [await a.run(id), await b.run(id)]
    expect({ uuid: y.uuid, lineage: y.lineage, structure: y.structure, name: y.sys['sys/name'] }).toEqual({
      uuid: x.uuid,
      lineage: x.lineage,
      structure: x.structure,
      name: x.sys['sys/name'],
    })
    expect(await b.runName(id)).toBe(await a.runName(id))
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
        { after: 120, limit: 50 },
      ]) {
        expect(await b.series(id, path, request)).toEqual(await a.series(id, path, request))
      }
    }
  }
})

test('strings alike, with search', async () => {
  for (const search of [undefined, 'line 3']) {
    const page = { offset: 0, limit: 10, ...(search ? { search } : {}) }
    expect(await b.strings(ids[1]!, 'logs/out', page)).toEqual(await a.strings(ids[1]!, 'logs/out', page))
  }
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

test('what the hub cannot read yet is a typed error', async () => {
  await expect(b.models({ offset: 0, limit: 5 })).rejects.toMatchObject({ code: 'HUB_READ_UNSUPPORTED' })
  await expect(b.run('CORPUS-99')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' })
  await expect(hub.project('nope')).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' })
})
