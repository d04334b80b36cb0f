/**
 * Chunk rows by binary COPY: the hub holds exactly what a multi-row INSERT sync gives (every blob byte for
 * byte), a re-sent batch changes nothing, and a COPY the server aborts — while rows are still sent, or
 * after the last one, where the `postgres` client loses the error — is HubWriteError HUB_COPY_FAILED with
 * nothing of the batch in and the cursor unmoved.
 */
import postgres from 'postgres'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { connectHub } from '../../src/hub/connect.js'
import { HubWriteError } from '../../src/hub/errors.js'
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

function logRuns(project: Project, runs: number, points: number): void {
  for (let r = 0; r < runs; r++) {
    const run = project.startRun({ name: `r${r}` })
    for (let step = 0; step < points; step++)
      run.log(
        { a: Math.cos(step) * r, b: step % 13 === 0 ? Number.NaN : step, c: 2 ** -step },
        { step: step * 3 },
      )
    run.close()
  }
}

async function syncInto(url: string, project: Project, options: SyncOptions = {}) {
  const hub = await connectHub(url)
  try {
    return await syncOnce(project, hub, options)
  } finally {
    await hub.close()
  }
}

async function chunkBlobs(url: string): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const rows = await sql<{ row: string }[]>`
      SELECT concat_ws('|', r.uuid, f.path, c.seq, c.count, c.step_first, c.step_last, c.min, c.max,
             md5(c.vals), md5(c.steps), md5(c.times), md5(c.lod)) AS row
        FROM hub_series_chunks c JOIN hub_fields f ON f.id = c.field_id JOIN hub_runs r ON r.id = f.run_id ORDER BY 1`
    return rows.map((r) => r.row)
  } finally {
    await sql.end()
  }
}

test('COPY lands the same chunk rows as INSERT, and a second pass changes nothing', async () => {
  const project = tempProject({}, 'copy')
  logRuns(project, 3, 40_000)
  const [viaCopy, viaInsert] = [await pg.database(), await pg.database()]
  const copied = await syncInto(viaCopy, project, { chunkWrite: 'copy' })
  await syncInto(viaInsert, project, { chunkWrite: 'insert' })
  expect(copied.chunks).toBeGreaterThan(3 * 3 * 4)
  expect(await chunkBlobs(viaCopy)).toEqual(await chunkBlobs(viaInsert))
  expect(await hubRuns(viaCopy, 'copy')).toEqual(localRuns(project))
  const counts = await hubCounts(viaCopy, 'copy')
  expect(counts.points).toBe(3 * 3 * 40_000)
  await syncInto(viaCopy, project, { chunkWrite: 'copy' })
  expect(await hubCounts(viaCopy, 'copy')).toEqual(counts)
})

for (const [what, runs, refuse] of [
  ['after the last row (the error the client loses)', 1, 'last'],
  ['while rows are still sent', 6, 'first'],
] as const) {
  test(`a COPY the server aborts ${what} is HubWriteError HUB_COPY_FAILED; nothing lands`, async () => {
    const project = tempProject({}, 'refused')
    logRuns(project, runs, 60_000)
    const url = await pg.database()
    const hub = await connectHub(url)
    // refused after the whole COPY was received (a statement trigger), or at its very first row
    const when =
      refuse === 'last'
        ? 'AFTER INSERT ON hub_series_chunks FOR EACH STATEMENT'
        : 'BEFORE INSERT ON hub_series_chunks FOR EACH ROW'
    await hub.sql.unsafe(`
      CREATE FUNCTION refuse_chunk() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'chunk rows refused';
      END $$;
      CREATE TRIGGER refuse_chunk ${when} EXECUTE FUNCTION refuse_chunk();`)
    try {
      const error = await syncOnce(project, hub, { chunkWrite: 'copy', batchFields: 1000 }).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(HubWriteError)
      expect(error).toMatchObject({ code: 'HUB_COPY_FAILED' })
      expect((error as HubWriteError).hint).toMatch(/sync again/)
      if (refuse === 'first') expect((error as Error).message).toMatch(/refused/)
      const [state] = await hub.sql<{ chunks: number; batches: number }[]>`
        SELECT (SELECT count(*) FROM hub_series_chunks)::int AS chunks, (SELECT max(batches) FROM hub_sources)::int AS batches`
      expect(state).toEqual({ chunks: 0, batches: 0 })
      // the connection is usable again, and without the trigger the same sync lands everything
      await hub.sql`DROP TRIGGER refuse_chunk ON hub_series_chunks`
      await syncOnce(project, hub, { chunkWrite: 'copy', batchFields: 1000 })
      expect((await hubCounts(url, 'refused')).points).toBe(runs * 3 * 60_000)
    } finally {
      await hub.close()
    }
  })
}
