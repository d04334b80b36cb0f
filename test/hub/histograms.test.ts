/**
 * HistogramSeries reach the hub: their points ship as string points on `sync`, and the hub's read store
 * pages them as the local store does (NaN and ±Infinity included); a second sync of new steps ships only
 * those.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { connectHub } from '../../src/hub/connect.js'
import { openPgStore } from '../../src/hub/pg-store.js'
import { syncOnce } from '../../src/hub/sync.js'
import type { Project } from '../../src/index.js'
import { openLocalStore } from '../../src/store/local-store.js'
import type { ReadStore } from '../../src/store/read-store.js'
import { startPostgres, type PgServer } from '../helpers/postgres.js'
import { tempProject } from '../helpers/project.js'

let pg: PgServer
let url = ''
let project: Project
let id = ''

beforeAll(async () => {
  pg = await startPostgres()
  url = await pg.database()
  project = tempProject({}, 'hist')
  const run = project.startRun({ name: 'h' })
  id = run.id
  for (let step = 0; step < 40; step++)
    run
      .field('weights/l1')
      .append(
        { type: 'COUNTS', edges: [-1, 0, step + 1], values: [step, step === 3 ? Number.NaN : 1] },
        { step },
      )
  run.field('weights/odd').append({ edges: [-Infinity, 0, Infinity], values: [Infinity, -0] }, { step: 0 })
  run.close()
})
afterAll(async () => {
  project?.close()
  await pg?.stop()
})

async function sync(): Promise<void> {
  const connection = await connectHub(url)
  try {
    await syncOnce(project, connection)
  } finally {
    await connection.close()
  }
}

async function both<T>(read: (store: ReadStore) => Promise<T>): Promise<[T, T]> {
  const local = openLocalStore(project.dir)
  const hub = await openPgStore(url)
  try {
    return [await read(local), await read(hub)]
  } finally {
    await hub.close()
    await local.close()
  }
}

test('the hub pages a HistogramSeries as the local store does', async () => {
  await sync()
  for (const page of [
    { offset: 0, limit: 100 },
    { offset: 3, limit: 2 },
    { offset: 39, limit: 10 },
  ]) {
    const [x, y] = await both(async (s) => (await s.project('hist')).histograms(id, 'weights/l1', page))
    expect(y).toEqual(x)
  }
  const [x, y] = await both(async (s) =>
    (await s.project('hist')).histograms(id, 'weights/odd', { offset: 0, limit: 10 }),
  )
  expect(y).toEqual(x)
  expect(y.items[0]).toMatchObject({ edges: ['-Infinity', 0, 'Infinity'], values: ['Infinity', -0] })
  const [, wrong] = await both(async (s) =>
    (await s.project('hist')).histograms(id, 'weights/nope', { offset: 0, limit: 1 }).catch((e) => e.code),
  )
  expect(wrong).toBe('FIELD_NOT_FOUND')
})

test('new steps ship on the next sync, once', async () => {
  const run = project.runs.resume(id)
  run.field('weights/l1').append({ edges: [0, 1], values: [7] }, { step: 40 })
  run.close()
  await sync()
  await sync()
  const [x, y] = await both(async (s) =>
    (await s.project('hist')).histograms(id, 'weights/l1', { offset: 0, limit: 1000 }),
  )
  expect(y.total).toBe(41)
  expect(y).toEqual(x)
})
