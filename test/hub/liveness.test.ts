/**
 * The hub judges runs running, stale and failed as a local listing does: a project with a live run, a run
 * left 'running' whose heartbeat is older than STALE_AFTER_MS, a failed run and a closed one gives the
 * same summary counts and per-run stale flags in both stores.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { connectHub } from '../../src/hub/connect.js'
import { openPgStore } from '../../src/hub/pg-store.js'
import { syncOnce } from '../../src/hub/sync.js'
import { STALE_AFTER_MS } from '../../src/index.js'
import { openLocalStore } from '../../src/store/local-store.js'
import { withDb } from '../engine/lifecycle/helpers.js'
import { startPostgres, type PgServer } from '../helpers/postgres.js'
import { tempProject } from '../helpers/project.js'

let pg: PgServer
beforeAll(async () => {
  pg = await startPostgres()
})
afterAll(() => pg.stop())

test('running, stale and failed alike in both stores', async () => {
  const project = tempProject({}, 'alive')
  const live = project.startRun({ name: 'live' })
  live.log({ x: 1 }, { step: 0 })
  live.flush()
  const ids = { live: live.id } as Record<string, string>
  for (const name of ['stale', 'failed', 'closed']) {
    const run = project.startRun({ name })
    run.close()
    ids[name] = run.id
  }
  // stand-ins for a run whose process died while running, and one that failed
  withDb(
    project.dir,
    (db) => {
      const set = (id: string, path: string, column: string, value: unknown): void => {
        const changed = db
          .prepare(
            `UPDATE fields SET ${column} = ? WHERE path = ? AND run_id = (SELECT id FROM runs WHERE sys_id = ?)`,
          )
          .run(value, path, id).changes
        expect(changed).toBe(1)
      }
      set(ids.stale!, 'sys/state', 'text', 'running')
      set(ids.stale!, 'sys/ping_time', 'num', Date.now() - STALE_AFTER_MS - 60_000)
      set(ids.failed!, 'sys/failed', 'num', 1)
    },
    { readonly: false },
  )
  const url = await pg.database()
  const hub = await connectHub(url)
  await syncOnce(project, hub)
  await hub.close()
  const local = openLocalStore(project.dir)
  const store = await openPgStore(url)
  try {
    const [a, b] = [await local.project('alive'), await store.project('alive')]
    const counts = ({
      runs,
      running,
      stale,
      failed,
    }: {
      runs: number
      running: number
      stale: number
      failed: number
    }) => ({
      runs,
      running,
      stale,
      failed,
    })
    expect(counts(await b.summary())).toEqual({ runs: 4, running: 1, stale: 1, failed: 1 })
    expect(counts(await b.summary())).toEqual(counts(await a.summary()))
    for (const id of Object.values(ids)) expect((await b.run(id)).stale).toBe((await a.run(id)).stale)
    expect((await b.run(ids.stale!)).stale).toBe(true)
  } finally {
    live.close()
    await store.close()
    await local.close()
  }
})
