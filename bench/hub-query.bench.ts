/**
 * The hub's runs table with NQL queries beside the local store's, side by side in one process: a project
 * of 10k runs (`--quick`: 1k) × 10 configs, 4 float series, tags and names, synced into a throwaway
 * PostgreSQL 15 (or NEREID_PG_URL), then the same RunsQuery (what the viewer asks: a query, a sort, 12
 * columns, a page of 100 with the total) read through the two ReadStores — the local project
 * (openLocalStore, SQLite) and the hub (openPgStore). Prints each read's median of 9 after a warm-up, in
 * ms, and the ratio hub / local.
 *
 *   npm run bench:hub-query            (= npm run build && node dist/bench/hub-query.bench.js)
 *   node dist/bench/hub-query.bench.js --quick
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { hostname, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { connectHub } from '../src/hub/connect.js'
import { openPgStore } from '../src/hub/pg-store.js'
import { syncOnce } from '../src/hub/sync.js'
import { openProject } from '../src/index.js'
import { openLocalStore } from '../src/store/local-store.js'
import type { ProjectStore, RunsQuery } from '../src/store/read-store.js'
import { seededRandom } from '../examples/two-moons/data.js'
import { startPostgres } from '../test/helpers/postgres.js'
import { median, now } from './measure.js'

const QUICK = process.argv.includes('--quick')
const RUNS = QUICK ? 1_000 : 10_000
const REPEAT = 9
const OPTIMIZERS = ['adam', 'sgd', 'rmsprop', 'adagrad']
const NO_CAPTURE = {
  captureHardwareMetrics: false,
  captureStdout: false,
  captureStderr: false,
  captureTraceback: false,
  captureSource: false,
  captureEnvironment: false,
}

const COLUMNS = [
  'sys/id',
  'sys/name',
  'sys/creation_time',
  'sys/tags',
  'parameters/lr',
  'parameters/opt',
  'parameters/layers',
  'parameters/p3',
  'metrics/acc',
  'metrics/loss',
  'metrics/loss:min',
  'metrics/val',
]

const READS: [string, Partial<RunsQuery>][] = [
  ['no query, newest first', {}],
  [
    'configs and a series (AND)',
    { query: 'parameters/lr > 0.05 AND metrics/acc > 0.5', sort: 'metrics/acc' },
  ],
  ['tags OR text', { query: 'sys/tags CONTAINS "mlp" OR parameters/opt = "adam"', sort: 'parameters/lr' }],
  [
    'an aggregate, sorted by another',
    { query: 'min(metrics/loss) < 0.1', sort: 'metrics/loss:min', ascending: true },
  ],
  ['MATCHES (a regular expression)', { query: 'sys/name MATCHES "^run-1\\\\d*7$"', sort: 'sys/name' }],
  [
    'NOT, EXISTS and integers',
    { query: 'NOT parameters/layers >= 8 AND metrics/val EXISTS', sort: 'parameters/layers' },
  ],
  ['every matching row (limit 10k)', { query: 'metrics/acc > 0.2', limit: 10_000 }],
]

const pg = await startPostgres()
const root = mkdtempSync(join(tmpdir(), 'nereid-hub-query-bench-'))
try {
  const project = openProject(join(root, 'bench'), { onWarning: () => {} })
  const random = seededRandom(7)
  let t = now()
  for (let r = 0; r < RUNS; r++) {
    const run = project.startRun({
      name: `run-${r}`,
      tags: random() < 0.3 ? ['mlp', 'base'] : random() < 0.5 ? ['cnn'] : [],
      ...NO_CAPTURE,
    })
    run.assign('parameters', {
      lr: Math.round(random() * 1000) / 10_000,
      opt: OPTIMIZERS[r % OPTIMIZERS.length]!,
      layers: BigInt(1 + (r % 12)),
      ...Object.fromEntries(Array.from({ length: 7 }, (_, k) => [`p${k}`, random()])),
    })
    run.field('metrics/acc').extend([random() * 0.5, random() * 0.8, random()])
    run.field('metrics/loss').extend([1 + random(), random(), random() * 0.5])
    if (r % 3 !== 0) run.field('metrics/val').extend([random(), random()])
    run.field('metrics/lr').extend([0.1, 0.01, 0.001])
    run.close()
  }
  const fillSeconds = (now() - t) / 1000
  const url = await pg.database()
  const hub = await connectHub(url, { max: 2 })
  t = now()
  await syncOnce(project, hub, {})
  const syncSeconds = (now() - t) / 1000
  await hub.sql`ANALYZE`
  await hub.close()
  const name = project.name
  project.close()

  const localStore = openLocalStore(join(root, 'bench'))
  const hubStore = await openPgStore(url)
  const stores: [string, ProjectStore][] = [
    ['local', await localStore.project(name)],
    ['hub', await hubStore.project(name)],
  ]
  console.log(
    `hub query bench on ${hostname()} (load ${loadavg()[0]!.toFixed(1)}): ${RUNS} runs (filled in ${fillSeconds.toFixed(0)} s, synced in ${syncSeconds.toFixed(0)} s); median of ${REPEAT} after a warm-up, ms`,
  )
  console.log('| read | matching | local | hub | hub / local |')
  console.log('|---|---|---|---|---|')
  for (const [label, extra] of READS) {
    const q: RunsQuery = {
      columns: COLUMNS,
      sort: 'sys/creation_time',
      ascending: false,
      offset: 0,
      limit: 100,
      ...extra,
    }
    const times: number[] = []
    let total = 0
    for (const [, store] of stores) {
      const first = await store.runsTable(q)
      total = first.total
      const runs: number[] = []
      for (let i = 0; i < REPEAT; i++) {
        const start = now()
        await store.runsTable(q)
        runs.push(now() - start)
      }
      times.push(median(runs))
    }
    const [local, remote] = times as [number, number]
    console.log(
      `| ${label} | ${total} | ${local.toFixed(1)} | ${remote.toFixed(1)} | ${(remote / local).toFixed(2)}× |`,
    )
  }
  await hubStore.close()
  await localStore.close()
} finally {
  await pg.stop()
  rmSync(root, { recursive: true, force: true })
}
