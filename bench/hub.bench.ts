/**
 * Hub benchmark: a project of R runs × 3 float series × P points synced into a throwaway PostgreSQL 15
 * (or NEREID_PG_URL) beside a baseline run in the same process against the same server: the same points
 * as one row per point (multi-row INSERT of 5,000 rows, the usual "metrics table" design). Prints points/s
 * for both and their ratio, the delay from a local flush to the point being readable in the hub (one sync
 * pass after a flush of 1,000 points per series, median of rounds), and hub rows and bytes per point.
 *
 *   npm run bench:hub                       (= npm run build && node dist/bench/hub.bench.js)
 *   NEREID_BENCH_RUNS=10 NEREID_BENCH_POINTS=100000 npm run bench:hub
 */
import { hostname, loadavg } from 'node:os'
import postgres from 'postgres'
import { connectHub } from '../src/hub/connect.js'
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

  // the hub: one sync of everything
  const url = await pg.database()
  const hub = await connectHub(url, { max: 2 })
  let t = performance.now()
  await syncOnce(project, hub, {})
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
  console.log(
    `  sync (chunk rows)        ${(total / syncSeconds / 1e6).toFixed(2)} M points/s   (${syncSeconds.toFixed(2)} s)`,
  )
  console.log(
    `  row per point (baseline) ${(total / rowSeconds / 1e6).toFixed(2)} M points/s   (${rowSeconds.toFixed(2)} s)`,
  )
  console.log(`  ratio                    ${(rowSeconds / syncSeconds).toFixed(1)}× faster`)
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
