/**
 * A checkpoint released after its field was synced (a keep policy sets `kept: false` in place on an
 * entry the hub already holds) reaches the hub on the next pass: the release stamps the field's
 * updated_at, and a checkpoint field's entries are re-sent whole.
 */
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

test('a release after a sync is shipped by the next one', async () => {
  const url = await pg.database()
  const project = tempProject({}, 'ckpt')
  const run = project.startRun({ name: 'r' })
  const options = { keep: 'lowest', metric: 'val/loss' } as const
  await run.checkpoint('weights', Buffer.from('w0'), { step: 0, metrics: { 'val/loss': 0.5 }, ...options })
  run.flush()
  const hub = await connectHub(url)
  await syncOnce(project, hub)
  // a better one releases step 0, whose entry the hub already has
  await run.checkpoint('weights', Buffer.from('w1'), { step: 1, metrics: { 'val/loss': 0.2 }, ...options })
  run.close()
  await syncOnce(project, hub)
  await hub.close()
  const local = openLocalStore(project.dir)
  const store = await openPgStore(url)
  try {
    const [a, b] = [await local.project('ckpt'), await store.project('ckpt')]
    const listed = (await b.checkpoints(run.id)) as { step: number; kept: boolean }[]
    expect(listed.map((c) => [c.step, c.kept])).toEqual([
      [0, false],
      [1, true],
    ])
    expect(listed).toEqual(await a.checkpoints(run.id))
  } finally {
    await store.close()
    await local.close()
  }
})
