/**
 * The read-only server's API beside the engine read it wraps, in one process (ratios, not absolute
 * times): a 1M-point float series at 1000 buckets (full range and a 1 % zoom window) against
 * `field.fetchValues()` of the same range, and the first page (100 rows) of a 10k-run table against
 * `project.fetchRunsTable()` of that page. The API figures go through `app.request()` (routing, auth,
 * headers, JSON encoding) without a socket. Each timing is the median of 9 after a warm-up.
 *
 * Options: --quick (100k points, 1k runs), --keep (leave the workspace in /tmp).
 *
 * @example
 * npm run build && node dist/bench/server.bench.js
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openProject, type SeriesPoints } from '../src/index.js'
import { seededRandom } from '../examples/two-moons/data.js'
import { createApp } from '../src/server/app.js'
import { openLocalStore } from '../src/store/local-store.js'

const QUICK = process.argv.includes('--quick')
const POINTS = QUICK ? 100_000 : 1_000_000
const RUNS = QUICK ? 1_000 : 10_000
const REPEAT = 9
const NO_CAPTURE = {
  captureHardwareMetrics: false,
  captureStdout: false,
  captureStderr: false,
  captureTraceback: false,
  captureSource: false,
  captureEnvironment: false,
}

async function median(fn: () => unknown | Promise<unknown>): Promise<number> {
  await fn()
  const times: number[] = []
  for (let i = 0; i < REPEAT; i++) {
    const start = performance.now()
    await fn()
    times.push(performance.now() - start)
  }
  return times.sort((a, b) => a - b)[Math.floor(REPEAT / 2)]!
}

function fill(home: string): void {
  const random = seededRandom(1)
  const big = openProject(join(home, 'series'), { key: 'S', onWarning: () => {} })
  const run = big.startRun({ name: 'long', ...NO_CAPTURE })
  const batch = 100_000
  for (let start = 0; start < POINTS; start += batch) {
    const values = Array.from(
      { length: Math.min(batch, POINTS - start) },
      (_, i) => Math.sin((start + i) / 1000) + random() * 0.1,
    )
    run.field('loss').extend(values, { steps: values.map((_, i) => start + i) })
    run.flush()
  }
  run.close()
  big.close()
  const table = openProject(join(home, 'table'), { key: 'T', onWarning: () => {} })
  for (let i = 0; i < RUNS; i++) {
    const r = table.startRun({ name: `run-${i}`, ...NO_CAPTURE })
    r.assign('parameters', { lr: random(), depth: BigInt(1 + (i % 8)), optimizer: i % 2 ? 'adam' : 'sgd' })
    r.field('metrics/acc').append(random())
    r.close()
  }
  table.close()
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'nereid-server-bench-'))
  const started = performance.now()
  fill(home)
  console.log(
    `filled ${POINTS.toLocaleString()} points and ${RUNS.toLocaleString()} runs in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
  const store = openLocalStore(home)
  const app = createApp(store, { log: () => {} })
  const series = openProject(join(home, 'series'), { readonly: true })
  const table = openProject(join(home, 'table'), { readonly: true })
  const field = series.runs.get('S-1').field('loss')
  const zoom = { from: Math.floor(POINTS * 0.4), to: Math.floor(POINTS * 0.41) }
  const columns = ['sys/name', 'parameters/lr', 'metrics/acc', 'metrics/acc:max']
  const api = (path: string) => async () => {
    const res = await app.request(path)
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return res.json()
  }
  const rows: [string, number, number][] = [
    [
      'series, full range, 1000 buckets',
      await median(api('/api/projects/series/runs/S-1/series?path=loss&buckets=1000')),
      await median(() => field.fetchValues() as SeriesPoints),
    ],
    [
      'series, 1% zoom, 1000 buckets',
      await median(
        api(`/api/projects/series/runs/S-1/series?path=loss&from=${zoom.from}&to=${zoom.to}&buckets=1000`),
      ),
      await median(() => field.fetchValues(zoom)),
    ],
    [
      `runs table, first page of ${RUNS.toLocaleString()}`,
      await median(api(`/api/projects/table/runs?columns=${columns.join(',')}&sort=metrics/acc&limit=100`)),
      await median(() => table.fetchRunsTable({ columns, sortBy: 'metrics/acc', limit: 100 })),
    ],
  ]
  console.log('\nscenario                                   API ms   engine ms   ratio')
  for (const [name, apiMs, engineMs] of rows)
    console.log(
      `${name.padEnd(40)} ${apiMs.toFixed(2).padStart(8)} ${engineMs.toFixed(2).padStart(10)} ${(apiMs / engineMs).toFixed(2).padStart(7)}x`,
    )
  series.close()
  table.close()
  app.closeStreams()
  await store.close()
  if (!process.argv.includes('--keep')) rmSync(home, { recursive: true, force: true })
}

await main()
