/**
 * `npm run bench:export`: the columnar export. One run logs 100 float metrics x 100k steps
 * (10 M points; `--quick`: 100 x 10k) through `run.log(dict, { step })` (bench/workload.ts), then the
 * project is exported side by side in this one process as Parquet and as CSV (src/share). Reported per
 * format: time, points/s, MB/s written and MB/s of project.db read, bytes per point, peak RSS above the
 * start of the export (flat = streamed); then the size ratios Parquet/CSV and Parquet/project.db.
 *
 * @example
 * npm run bench:export -- --quick
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { openProject, PROJECT_DB } from '../src/index.js'
import { exportCsv, exportParquet, type ColumnarExportReport } from '../src/share/index.js'
import { bytesOf, bytesUnder, collectGarbage, now } from './measure.js'
import { renderTable } from './report.js'
import { drive, workload } from './workload.js'

const MB = 1024 * 1024

interface Measured {
  format: string
  ms: number
  bytes: number
  rows: number
  rssRise: number
}

async function measure(format: string, run: () => Promise<ColumnarExportReport>): Promise<Measured> {
  collectGarbage()
  const start = process.memoryUsage().rss
  let peak = start
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
  const t = now()
  const report = await run()
  const ms = now() - t
  clearInterval(timer)
  peak = Math.max(peak, process.memoryUsage().rss)
  return { format, ms, bytes: report.bytes, rows: report.rows, rssRise: peak - start }
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick')
  const metrics = 100
  const steps = quick ? 10_000 : 100_000
  const points = metrics * steps
  const root = mkdtempSync(join(tmpdir(), 'nereid-export-bench-'))
  try {
    console.log(
      `Columnar export benchmark${quick ? ' (--quick)' : ''}: ${metrics} metrics x ${steps.toLocaleString('en')} steps = ${points.toLocaleString('en')} points in one run.`,
    )
    console.log(
      `Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}, load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}.`,
    )
    const dir = join(root, 'bench')
    process.env.NEREID_CAPTURE = '0'
    const project = openProject(dir)
    const run = project.startRun({ name: 'train' })
    const w = workload(metrics, steps, 'literal')
    const t = now()
    await drive(w, { log: (values, step) => run.log(values, { step }), close: () => {} })
    run.close()
    project.close()
    const dbBytes = bytesOf([join(dir, PROJECT_DB), join(dir, `${PROJECT_DB}-wal`)])
    console.log(
      `Logged in ${((now() - t) / 1000).toFixed(1)} s; project.db ${(dbBytes / MB).toFixed(1)} MiB = ${(dbBytes / points).toFixed(2)} bytes/point.\n`,
    )

    const readonly = openProject(dir, { readonly: true })
    const results = [
      await measure('parquet', () => exportParquet(readonly, join(root, 'parquet'))),
      await measure('csv', () => exportCsv(readonly, join(root, 'csv'))),
    ]
    readonly.close()
    for (const r of results)
      if (r.rows < points) throw new Error(`${r.format}: ${r.rows} rows, expected at least ${points}`)
    const parquetBytes = bytesUnder(join(root, 'parquet', 'data'))

    const s = (r: Measured) => r.ms / 1000
    console.log(
      renderTable(
        ['format', 's', 'M points/s', 'MB/s written', 'MB/s db read', 'bytes/point', 'MiB', 'RSS rise MiB'],
        results.map((r) => [
          r.format,
          s(r).toFixed(1),
          (points / s(r) / 1e6).toFixed(3),
          (r.bytes / MB / s(r)).toFixed(1),
          (dbBytes / MB / s(r)).toFixed(1),
          (r.bytes / points).toFixed(2),
          (r.bytes / MB).toFixed(1),
          (r.rssRise / MB).toFixed(0),
        ]),
      ),
    )
    const [parquet, csv] = results as [Measured, Measured]
    console.log(
      `\nParquet bytes on disk (data/): ${parquetBytes.toLocaleString('en')} = ${(parquetBytes / points).toFixed(2)} bytes/point.`,
    )
    console.log(
      `Ratios: Parquet/CSV size ${(parquet.bytes / csv.bytes).toFixed(3)}, Parquet/project.db size ${(parquet.bytes / dbBytes).toFixed(3)}, Parquet/CSV time ${(parquet.ms / csv.ms).toFixed(3)}.`,
    )
    console.log(
      `Load average at the end: ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}.`,
    )
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

await main()
