/**
 * Import throughput of a neptune-exporter Parquet dump: a dump of --points=N float-series points (default
 * 1M; 10 runs x 10 series) is written with hyparquet-writer in the exporter schema, then imported with
 * importNeptune. Printed beside the same process's bare hyparquet read of the same parts (the floor an
 * importer cannot beat), as points/s and a ratio; and the bytes of the imported project vs the dump.
 *
 * @example
 * npm run build && node dist/bench/ingest.bench.js --points=10000000
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openProject } from '../src/index.js'
import { importNeptune } from '../src/ingest/index.js'
import { readPart } from '../src/ingest/neptune/read-part.js'
import { exporterParquet, type ExporterRow } from '../test/fixtures/ingest/neptune-parquet.js'

const arg = process.argv.find((a) => a.startsWith('--points='))
const POINTS = arg ? Number(arg.slice('--points='.length)) : 1_000_000
const RUNS = 10
const SERIES = 10
const perSeries = Math.ceil(POINTS / RUNS / SERIES)

function sizeOf(dir: string): number {
  let bytes = 0
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) bytes += statSync(join(e.parentPath, e.name)).size
  return bytes
}

const root = mkdtempSync(join(tmpdir(), 'nereid-ingest-bench-'))
const projectDir = join(root, 'data', 'ws_bench-0000000000000000')
mkdirSync(projectDir, { recursive: true })
let t = performance.now()
for (let r = 0; r < RUNS; r++) {
  const rows: ExporterRow[] = [
    {
      project_id: 'ws/bench',
      run_id: `B-${r}`,
      attribute_path: 'sys/id',
      attribute_type: 'string',
      string_value: `B-${r}`,
    },
  ]
  for (let s = 0; s < SERIES; s++) {
    for (let i = 0; i < perSeries; i++)
      rows.push({
        project_id: 'ws/bench',
        run_id: `B-${r}`,
        attribute_path: `metrics/m${s}`,
        attribute_type: 'float_series',
        step: i,
        timestamp: new Date(1_700_000_000_000 + i * 10),
        float_value: Math.sin(i * 0.001 + s),
      })
  }
  writeFileSync(
    join(projectDir, `B-${r}-0000000000000000_part_0.parquet`),
    exporterParquet(rows, { rowGroupSize: 100_000 }),
  )
}
const points = RUNS * SERIES * perSeries
console.log(
  `dump: ${points} points in ${RUNS} runs, written in ${((performance.now() - t) / 1000).toFixed(1)} s, ${sizeOf(join(root, 'data'))} bytes`,
)

t = performance.now()
for (const f of readdirSync(projectDir)) await readPart(join(projectDir, f))
const readS = (performance.now() - t) / 1000

const project = openProject(join(root, 'project'), { onWarning: () => {} })
t = performance.now()
const report = await importNeptune(project, join(root, 'data'))
const importS = (performance.now() - t) / 1000
project.close()
if (report.points !== points) throw new Error(`imported ${report.points} points, expected ${points}`)
const dumpBytes = sizeOf(join(root, 'data'))
const projectBytes = sizeOf(join(root, 'project'))
console.log(`hyparquet read only: ${(points / readS / 1e6).toFixed(2)} M points/s (${readS.toFixed(1)} s)`)
console.log(
  `importNeptune:       ${(points / importS / 1e6).toFixed(2)} M points/s (${importS.toFixed(1)} s), ${(importS / readS).toFixed(2)}x the read alone`,
)
console.log(
  `bytes: dump ${dumpBytes}, project ${projectBytes} (${(projectBytes / dumpBytes).toFixed(2)}x the dump, ${(projectBytes / points).toFixed(1)} bytes/point)`,
)
rmSync(root, { recursive: true, force: true })
