/**
 * Recorded operations reach the hub: each source's `project.operations.list()` lands in hub_operations
 * as it is locally (kind, status, progress, times, error, report); an operation recorded later arrives on
 * the next sync; a re-send changes nothing; two sources keep their own.
 */
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { connectHub } from '../../src/hub/connect.js'
import { syncOnce } from '../../src/hub/sync.js'
import type { OperationSummary, Project } from '../../src/index.js'
import { startPostgres, type PgServer } from '../helpers/postgres.js'
import { tempProject } from '../helpers/project.js'
import { tempDir } from '../helpers/tmp.js'

let pg: PgServer
let url = ''
beforeAll(async () => {
  pg = await startPostgres()
  url = await pg.database()
})
afterAll(() => pg.stop())

async function sync(project: Project, source: string): Promise<void> {
  const hub = await connectHub(url)
  try {
    await syncOnce(project, hub, { project: 'ops', source })
  } finally {
    await hub.close()
  }
}

async function hubOperations(source: string): Promise<OperationSummary[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const rows = await sql<Record<string, unknown>[]>`
      SELECT o.* FROM hub_operations o JOIN hub_sources s ON s.id = o.source_id
       WHERE s.source = ${source} ORDER BY o.local_id`
    return rows.map((r) => ({
      id: Number(r.local_id),
      kind: r.kind as string,
      status: r.status as OperationSummary['status'],
      done: Number(r.done),
      total: r.total === null ? null : Number(r.total),
      createdAt: r.created_at as number,
      startedAt: r.started_at as number | null,
      endedAt: r.ended_at as number | null,
      error: r.error === null ? null : JSON.parse(r.error as string),
      report: r.report === null ? null : JSON.parse(r.report as string),
    }))
  } finally {
    await sql.end()
  }
}

test('operations land as recorded, later ones on the next sync, once', async () => {
  const a = tempProject({}, 'ops')
  const run = a.startRun({ name: 'r' })
  run.log({ loss: 1 }, { step: 0 })
  run.close()
  await a.verify()
  await sync(a, 'host-a')
  expect(await hubOperations('host-a')).toEqual(a.operations.list())
  await a.export(join(tempDir(), 'out'))
  await sync(a, 'host-a')
  await sync(a, 'host-a')
  const local = a.operations.list()
  expect(local.map((o) => o.kind)).toContain('export')
  expect(await hubOperations('host-a')).toEqual(local)
  // an ended operation is sent once: a mark put on its hub row survives the next sync
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  await sql`UPDATE hub_operations SET kind = 'marked' WHERE local_id = ${local[0]!.id}`
  await sync(a, 'host-a')
  const [marked] = await sql<
    { kind: string }[]
  >`SELECT kind FROM hub_operations WHERE local_id = ${local[0]!.id}`
  await sql.end()
  expect(marked!.kind).toBe('marked')
  const b = tempProject({}, 'ops')
  await b.verify()
  await sync(b, 'host-b')
  expect(await hubOperations('host-b')).toEqual(b.operations.list())
  expect((await hubOperations('host-a')).map((o) => o.kind)).toEqual([
    'marked',
    ...local.slice(1).map((o) => o.kind),
  ])
  a.close()
  b.close()
})
