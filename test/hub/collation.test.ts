/**
 * Paths sort in byte order in the hub as in the project (SQLite's default collation), whatever the
 * database's collation: a hub database made with an ICU English collation (where 'aB' < 'a_b' and case
 * folds) lists a run's fields and checkpoints in the same order as the local store.
 */
import postgres from 'postgres'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { connectHub } from '../../src/hub/connect.js'
import { openPgStore } from '../../src/hub/pg-store.js'
import { syncOnce } from '../../src/hub/sync.js'
import { openLocalStore } from '../../src/store/local-store.js'
import { startPostgres, type PgServer } from '../helpers/postgres.js'
import { tempProject } from '../helpers/project.js'

let pg: PgServer
beforeAll(async () => {
  pg = await startPostgres()
})
afterAll(() => pg.stop())

test('fields and checkpoints list in byte order under an ICU collation', async () => {
  const admin = postgres(pg.adminUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(
    `CREATE DATABASE icu_hub TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'`,
  )
  await admin.end()
  const url = pg.urlWith('icu_hub', 'secret')
  const project = tempProject({}, 'order')
  const run = project.startRun({ name: 'paths' })
  run.assign({ 'p/a_b': 1, 'p/aB': 2, 'p/A': 3, 'p/a-b': 4, 'p/Z': 5, 'p/ab': 6 })
  for (const name of ['w_1', 'wB', 'W']) await run.checkpoint(name, Buffer.from(name), { step: 0 })
  run.close()
  const hub = await connectHub(url)
  await syncOnce(project, hub)
  await hub.close()
  const local = openLocalStore(project.dir)
  const store = await openPgStore(url)
  try {
    const [a, b] = [await local.project('order'), await store.project('order')]
    const page = { offset: 0, limit: 100 }
    const paths = (await b.fields(run.id, 'p', page)).items.map((f) => f.path)
    expect(paths).toEqual((await a.fields(run.id, 'p', page)).items.map((f) => f.path))
    expect(paths).toEqual(['p/A', 'p/Z', 'p/a-b', 'p/aB', 'p/a_b', 'p/ab'])
    expect(await b.checkpoints(run.id)).toEqual(await a.checkpoints(run.id))
    expect(await b.fields(run.id, '', page)).toEqual(await a.fields(run.id, '', page))
  } finally {
    await store.close()
    await local.close()
  }
})
