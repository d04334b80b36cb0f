/**
 * Property test: random projects (test/engine/query/nql-arbitraries.ts: several types per path, NaN,
 * ±Infinity, -0, integers beyond 2^53, series, sets) synced into a real PostgreSQL hub, and random reads
 * — random NQL queries in the full and short form with NOT/AND/OR nesting, random columns with
 * summaries, a random sort column and direction, random pages — answered alike by the local store and
 * the hub: the same ids in the same order, the same cells, column types and total, or the same error.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectHub, type Hub } from '../../src/hub/connect.js'
import { openPgStore } from '../../src/hub/pg-store.js'
import { syncOnce } from '../../src/hub/sync.js'
import { openLocalStore } from '../../src/store/local-store.js'
import type { ReadStore, RunsPage, RunsQuery } from '../../src/store/read-store.js'
import { build, QUERY_PATHS, queryArb, runArb, write } from '../engine/query/nql-arbitraries.js'
import { startPostgres, type PgServer } from '../helpers/postgres.js'

let pg: PgServer
let connection: Hub
let hub: ReadStore
let built = 0

beforeAll(async () => {
  pg = await startPostgres()
  const url = await pg.database()
  connection = await connectHub(url)
  hub = await openPgStore(url)
}, 60_000)
afterAll(async () => {
  await hub?.close()
  await connection?.close()
  await pg?.stop()
})

async function outcome(read: Promise<RunsPage>): Promise<unknown> {
  try {
    return await read
  } catch (e) {
    const error = e as Error & { code?: string; hint?: string; column?: number }
    return {
      name: error.name,
      code: error.code,
      message: error.message,
      hint: error.hint,
      column: error.column,
    }
  }
}

const COLUMNS = [
  ...QUERY_PATHS,
  'm/x:max',
  'm/x:min',
  'm/y:average',
  'm/y:variance',
  'm/y:count',
  's/log:count',
  'sys/name',
]
const readArb = fc.record({
  query: queryArb.map((q) => write(q)),
  columns: fc.subarray(
    COLUMNS.filter((c) => c !== 'absent'),
    { maxLength: 6 },
  ),
  sort: fc.constantFrom(...COLUMNS, 'sys/id', 'sys/creation_time'),
  ascending: fc.boolean(),
  offset: fc.constantFrom(0, 0, 1, 3),
  limit: fc.constantFrom(100, 2, 5),
})

it('random reads of random projects answer alike on both stores', async () => {
  let pages = 0
  let errors = 0
  await fc.assert(
    fc.asyncProperty(
      fc.array(runArb, { minLength: 1, maxLength: 7 }),
      fc.array(readArb, { minLength: 12, maxLength: 12 }),
      async (runs, reads) => {
        const n = ++built
        // one hub project per case, named so that the hub's run ids are the local ones
        const project = build(runs, `p${n}`, `P${n}`)
        const local = openLocalStore(project.dir)
        try {
          await syncOnce(project, connection)
          const [a, b] = [await local.project(`p${n}`), await hub.project(`p${n}`)]
          for (const read of reads) {
            const q: RunsQuery = { ...read, columns: read.columns }
            const [x, y] = [await outcome(a.runsTable(q)), await outcome(b.runsTable(q))]
            expect(y, JSON.stringify(q)).toEqual(x)
            if ((x as RunsPage).items) pages++
            else errors++
          }
        } finally {
          await local.close()
          project.close()
        }
      },
    ),
    { numRuns: 40 },
  )
  expect(pages).toBeGreaterThan(60)
  expect(errors).toBeGreaterThan(0)
}, 300_000)
