/** The throwaway PostgreSQL server of test/helpers/postgres.ts starts, takes a query, and goes down and up. */
import postgres from 'postgres'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startPostgres, type PgServer } from '../helpers/postgres.js'

let pg: PgServer
beforeAll(async () => {
  pg = await startPostgres()
})
afterAll(() => pg.stop())

test('a fresh database answers a query, after a restart too', async () => {
  const url = await pg.database()
  const ask = async (): Promise<number> => {
    const sql = postgres(url, { max: 1 })
    try {
      const [row] = await sql<{ n: number }[]>`SELECT 40 + 2 AS n`
      return row!.n
    } finally {
      await sql.end()
    }
  }
  expect(await ask()).toBe(42)
  if (pg.own) {
    pg.down()
    await expect(ask()).rejects.toThrow()
    pg.up()
    expect(await ask()).toBe(42)
  }
})
