/**
 * `syncOnce` into a real PostgreSQL 15: what lands equals the local project (every run, field and point
 * once), a second pass changes nothing, the open tail chunk is replaced as the series grows, runs keep
 * their uuids and get hub ids, and bad URLs, wrong passwords and unreachable hosts are typed errors.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { FormatVersionError, type Project } from '../../src/index.js'
import { connectHub } from '../../src/hub/connect.js'
import { HubConnectionError } from '../../src/hub/errors.js'
import { HUB_SCHEMA_VERSION } from '../../src/hub/migrate.js'
import { syncOnce } from '../../src/hub/sync.js'
import { startPostgres, type PgServer } from '../helpers/postgres.js'
import { tempProject } from '../helpers/project.js'
import { tempDir } from '../helpers/tmp.js'
import { hubCounts, hubRuns, localRuns } from './hub-dump.js'

let pg: PgServer
beforeAll(async () => {
  pg = await startPostgres()
})
afterAll(() => pg.stop())

function logSome(project: Project, name: string, points: number, from = 0): void {
  const run = project.startRun({ name })
  run.assign({ 'params/lr': 0.01, 'params/tag': name })
  for (let step = from; step < from + points; step++)
    run.log({ 'train/loss': 1 / (step + 1), 'train/acc': step / 1e4 }, { step })
  run.field('logs/out').append('hello')
  run.close()
}

async function syncInto(url: string, project: Project, options: Parameters<typeof syncOnce>[2] = {}) {
  const hub = await connectHub(url)
  try {
    return await syncOnce(project, hub, options)
  } finally {
    await hub.close()
  }
}

describe('sync', () => {
  test('the hub holds exactly the local project, and a second pass changes nothing', async () => {
    const url = await pg.database()
    const project = tempProject({}, 'alpha')
    logSome(project, 'a', 20_000)
    logSome(project, 'b', 7)
    const first = await syncInto(url, project)
    expect(first.runs).toBe(2)
    expect(await hubRuns(url, 'alpha')).toEqual(localRuns(project))
    const counts = await hubCounts(url, 'alpha')
    expect(counts.points).toBe(2 * 20_007)
    await syncInto(url, project)
    expect(await hubCounts(url, 'alpha')).toEqual(counts)
    expect(await hubRuns(url, 'alpha')).toEqual(localRuns(project))
  })

  test('a growing series: the open tail is replaced, sealed chunks stay, points land once', async () => {
    const url = await pg.database()
    const project = tempProject({}, 'grow')
    const run = project.startRun({ name: 'g' })
    let step = 0
    // small flushes (compaction merges the trailing small chunks every 16), big ones, a sync between each
    const flushes = [
      3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3000, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 9000,
    ]
    for (const [round, points] of flushes.entries()) {
      for (let i = 0; i < points; i++) run.log({ 'm/x': Math.sin(step) }, { step: step++ })
      run.flush()
      if (round % 3 === 0 || points > 100) {
        await syncInto(url, project, { batchFields: 1 })
        expect(await hubRuns(url, 'grow')).toEqual(localRuns(project))
      }
    }
    await syncInto(url, project)
    run.close()
    expect((await hubCounts(url, 'grow')).points).toBe(step)
  })

  test('runs keep their uuids and get hub ids: two hosts with the same local ids land as two runs', async () => {
    const url = await pg.database()
    const one = tempProject({}, 'team')
    const two = tempProject({}, 'team')
    logSome(one, 'from-one', 10)
    logSome(two, 'from-two', 10)
    await syncInto(url, one)
    await syncInto(url, two)
    const sql = postgres(url, { max: 1 })
    const rows = await sql<
      { sys_id: string; origin_sys_id: string; uuid: string }[]
    >`SELECT sys_id, origin_sys_id, uuid FROM hub_runs ORDER BY id`
    await sql.end()
    expect(rows.map((r) => [r.sys_id, r.origin_sys_id])).toEqual([
      ['TEAM-1', 'TEAM-1'],
      ['TEAM-2', 'TEAM-1'],
    ])
    expect(rows.map((r) => r.uuid).sort()).toEqual(
      [...Object.keys(localRuns(one)), ...Object.keys(localRuns(two))].sort(),
    )
  })
})

test('objects are copied by hash to the shared directory and indexed before their rows land', async () => {
  const url = await pg.database()
  const project = tempProject({}, 'files')
  const run = project.startRun({ name: 'f' })
  const file = join(tempDir(), 'weights.bin')
  writeFileSync(file, Buffer.from('not really weights'))
  const info = await run.field('model/weights').upload(file)
  run.close()
  const shared = tempDir('nereid-shared-')
  const report = await syncInto(url, project, { objectsDir: shared })
  expect(report.objects).toBe(1)
  const copy = join(shared, 'sha256', info.hash.slice(0, 2), info.hash)
  expect(readFileSync(copy, 'utf8')).toBe('not really weights')
  const sql = postgres(url, { max: 1 })
  const rows = await sql<{ hash: string; size: number }[]>`SELECT hash, size::int AS size FROM hub_objects`
  await sql.end()
  expect(rows).toEqual([{ hash: info.hash, size: 18 }])
})

describe('connection failures are typed', () => {
  test('a wrong password: HUB_AUTH_FAILED, the password not in the message', async () => {
    const url = await pg.database()
    const error = await connectHub(
      new URL(url).pathname.slice(1) && pg.urlWith(new URL(url).pathname.slice(1), 'wrong'),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HubConnectionError)
    expect((error as HubConnectionError).code).toBe('HUB_AUTH_FAILED')
    expect((error as Error).message).not.toContain('wrong')
  })

  test('nothing listening: HUB_UNREACHABLE', async () => {
    const error = await connectHub('postgres://nereid:secret@127.0.0.1:1/hub', { connectTimeout: 2 }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(HubConnectionError)
    expect((error as HubConnectionError).code).toBe('HUB_UNREACHABLE')
  })

  test('not a postgres URL: HUB_BAD_URL', async () => {
    await expect(connectHub('mysql://x@y/z')).rejects.toMatchObject({ code: 'HUB_BAD_URL' })
  })

  test('a hub schema newer than this code is refused unchanged', async () => {
    const url = await pg.database()
    await (await connectHub(url)).close()
    const sql = postgres(url, { max: 1 })
    await sql`UPDATE hub_meta SET value = ${String(HUB_SCHEMA_VERSION + 1)} WHERE key = 'schema_version'`
    const error = await connectHub(url).catch((e: unknown) => e)
    const [row] = await sql<{ value: string }[]>`SELECT value FROM hub_meta WHERE key = 'schema_version'`
    await sql.end()
    expect(error).toBeInstanceOf(FormatVersionError)
    expect((error as FormatVersionError).code).toBe('HUB_SCHEMA_NEWER')
    expect(row!.value).toBe(String(HUB_SCHEMA_VERSION + 1))
  })
})
