/**
 * Hub benchmark: a project of R runs × 3 float series × P points synced into a throwaway PostgreSQL 15
 * (or NEREID_PG_URL), side by side in one process against the same server: chunk rows by binary COPY
 * (what a sync does for batches of many chunks), chunk rows by multi-row INSERT, and the baseline of one
 * row per point (the usual "metrics table" design) by multi-row INSERT of 5,000 rows and by binary COPY.
 * Prints points/s of each and the ratios, the delay from a local flush to the point being readable in the hub (one sync
 * pass after a flush of 1,000 points per series, median of rounds), and hub rows and bytes per point.
 *
 *   npm run bench:hub                       (= npm run build && node dist/bench/hub.bench.js)
 *   NEREID_BENCH_RUNS=10 NEREID_BENCH_POINTS=100000 npm run bench:hub
 */
import { hostname, loadavg } from 'node:os'
import postgres from 'postgres'
import { connectHub } from '../src/hub/connect.js'
import { copyRows } from '../src/hub/copy-rows.js'
import { syncOnce } from '../src/hub/sync.js'
import { openProject } from '../src/index.js'
import { startPostgres } from '../test/helpers/postgres.js'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const RUNS = Number(process.env.NEREID_BENCH_RUNS ?? 10)
const POINTS = Number(process.env.NEREID_BENCH_POINTS ?? 100_000)
const ROUNDS = Number(process.env.NEREID_BENCH_ROUNDS ?? 7)
const PATHS = ['train/loss', 'train/acc', 'hw/gpu']

const POINT_COLUMNS = [
  ['run', 'int4'],
  ['key', 'text'],
  ['step', 'float8'],
  ['ts', 'float8'],
  ['value', 'float8'],
] as const

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const pg = await startPostgres()
const root = mkdtempSync(join(tmpdir(), 'nereid-hub-bench-'))
try {
  const project = openProject(join(root, 'bench'), { onWarning: () => {} })
  for (let r = 0; r < RUNS; r++) {
    const run = project.startRun({ name: `r${r}` })
    for (let step = 0; step < POINTS; step++)
      run.log(
        { 'train/loss': 1 / (step + 1), 'train/acc': step / POINTS, 'hw/gpu': (step * 7) % 100 },
        { step },
      )
    run.close()
  }
  const total = RUNS * PATHS.length * POINTS

  // the hub: one sync of everything, chunk rows by INSERT into one database, by COPY into another
  const insertUrl = await pg.database()
  const insertHub = await connectHub(insertUrl, { max: 2 })
  let t = performance.now()
  await syncOnce(project, insertHub, { chunkWrite: 'insert' })
  const insertSeconds = (performance.now() - t) / 1000
  await insertHub.close()
  const url = await pg.database()
  const hub = await connectHub(url, { max: 2 })
  t = performance.now()
  await syncOnce(project, hub, { chunkWrite: 'copy' })
  const syncSeconds = (performance.now() - t) / 1000

  // baseline: a row per point into a narrow table with a primary key
  const baseUrl = await pg.database()
  const sql = postgres(baseUrl, { max: 1, onnotice: () => {} })
  await sql`CREATE TABLE points (run int, key text, step double precision, ts double precision, value double precision, PRIMARY KEY (run, key, step))`
  t = performance.now()
  for (let r = 0; r < RUNS; r++) {
    for (const key of PATHS) {
      for (let from = 0; from < POINTS; from += 5000) {
        const rows = []
        for (let step = from; step < Math.min(POINTS, from + 5000); step++)
          rows.push({ run: r, key, step, ts: 1.7e12 + step, value: step / POINTS })
        await sql`INSERT INTO points ${sql(rows)}`
      }
    }
  }
  const rowSeconds = (performance.now() - t) / 1000
  const [rowBytes] = await sql<{ b: number }[]>`SELECT pg_total_relation_size('points')::float8 AS b`
  // the same rows by binary COPY, one transaction per series
  await sql`CREATE TABLE points_copy (LIKE points INCLUDING ALL)`
  t = performance.now()
  const tx = await sql.reserve()
  for (let r = 0; r < RUNS; r++) {
    for (const key of PATHS) {
      const rows = []
      for (let step = 0; step < POINTS; step++)
        rows.push({ run: r, key, step, ts: 1.7e12 + step, value: step / POINTS })
      await tx`BEGIN`
      await copyRows(tx, 'points_copy', POINT_COLUMNS, rows)
      await tx`COMMIT`
    }
  }
  tx.release()
  const rowCopySeconds = (performance.now() - t) / 1000
  await sql.end()

  // delay: a flush of 1,000 points per series, then one pass; median of rounds
  const live = project.startRun({ name: 'live' })
  let step = 0
  const delays: number[] = []
  await syncOnce(project, hub, {})
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < 1000; i++, step++) live.log({ 'train/loss': 1 / (step + 1) }, { step })
    live.flush()
    const flushed = performance.now()
    await syncOnce(project, hub, {})
    delays.push(performance.now() - flushed)
  }
  live.close()

  const [size] = await hub.sql<{ rows: number; bytes: number }[]>`
    SELECT (SELECT count(*) FROM hub_series_chunks)::float8 + (SELECT count(*) FROM hub_fields)::float8 AS rows,
           (pg_total_relation_size('hub_series_chunks') + pg_total_relation_size('hub_fields'))::float8 AS bytes`
  await hub.close()
  const hubPoints = total + step
  project.close()

  console.log(
    `hub bench on ${hostname()} (load ${loadavg()[0]!.toFixed(1)}): ${RUNS} runs × ${PATHS.length} series × ${POINTS} points = ${total} points`,
  )
  const line = (name: string, seconds: number) =>
    console.log(
      `  ${name.padEnd(32)} ${(total / seconds / 1e6).toFixed(2)} M points/s  (${seconds.toFixed(2)} s)  ${(seconds / syncSeconds).toFixed(1)}× the COPY sync's time`,
    )
  line('sync, chunk rows by COPY', syncSeconds)
  line('sync, chunk rows by INSERT', insertSeconds)
  line('row per point, INSERT (baseline)', rowSeconds)
  line('row per point, COPY (baseline)', rowCopySeconds)
  console.log(
    `  flush -> visible in hub  median ${median(delays).toFixed(0)} ms over ${ROUNDS} passes (one pass; --watch adds up to its interval)`,
  )
  console.log(`  hub rows per point       ${(size!.rows / hubPoints).toExponential(2)}   (baseline 1)`)
  console.log(
    `  hub bytes per point      ${(size!.bytes / hubPoints).toFixed(2)}   (baseline ${(rowBytes!.b / total).toFixed(2)})`,
  )
} finally {
  await pg.stop()
  rmSync(root, { recursive: true, force: true })
}
