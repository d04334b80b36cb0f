/**
 * The runs-table benchmark of the query issue: 10k runs x 100 fields (50 configs, 50 float series of which
 * the table reads the last value), asked one question — filter on a config and a series, sort by a series,
 * 50 columns — by Nereid (project.fetchRunsTable on a read-only open, like the CLI and the viewer) and by an
 * MLflow-layout replica on better-sqlite3 (runs, params PK(key, run_uuid), latest_metrics PK(key,
 * run_uuid)) that answers it the way MLflow's search_runs does: one SQL statement joining params and
 * latest_metrics for the filter and the sort, then the runs' params and latest metrics loaded and pivoted.
 * The replica is given every advantage: it loads only the 50 asked keys (MLflow loads all of them), reads
 * params as strings without converting them, and has an index on params(run_uuid).
 *
 * Both are asked for every matching row and for the first page of 100; each timing is the best of 7 after
 * a warm-up, in this one process.
 *
 * Populating Nereid through the public API costs ~40 ms per run on this machine class (the close() flush of
 * 50 series), about 7 minutes for 10k runs; so by default only run 1 is logged through the API and the
 * others are copies written in SQL with their own values (see cloneRuns). --fill=api logs every run
 * through the API instead.
 *
 * Options: --quick (1k runs), --fill=api, --keep (leave the projects in /tmp).
 *
 * @example
 * npm run build && node dist/bench/runs-table.bench.js
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import { openProject, type Project } from '../src/index.js'
import { encodeChunk } from '../src/engine/series/codec.js'
import { seededRandom } from '../examples/two-moons/data.js'

const QUICK = process.argv.includes('--quick')
const FILL = process.argv.includes('--fill=api') ? 'api' : 'sql'
const RUNS = QUICK ? 1_000 : 10_000
const CONFIGS = 50
const SERIES = 50
const POINTS = 3
const REPEAT = 7
const OPTIMIZERS = ['adam', 'sgd', 'rmsprop', 'adagrad']
const NO_CAPTURE = {
  captureHardwareMetrics: false,
  captureStdout: false,
  captureStderr: false,
  captureTraceback: false,
  captureSource: false,
  captureEnvironment: false,
}

const pad = (i: number) => String(i).padStart(2, '0')
const config = (k: number) => `parameters/p${pad(k)}`
const series = (k: number) => `metrics/m${pad(k)}`

/** A small deterministic PRNG (the demo's mulberry32), so both layouts hold the same numbers. */
const prng = seededRandom

interface RunData {
  name: string
  configs: Record<string, number | string>
  /** series path -> points */
  series: Record<string, number[]>
}

function runData(i: number): RunData {
  const random = prng(i + 1)
  const configs: Record<string, number | string> = {}
  for (let k = 0; k < CONFIGS; k++)
    configs[`p${pad(k)}`] = k >= 45 ? OPTIMIZERS[Math.floor(random() * OPTIMIZERS.length)]! : random()
  const points: Record<string, number[]> = {}
  for (let k = 0; k < SERIES; k++) points[series(k)] = Array.from({ length: POINTS }, () => random())
  return { name: `run-${i}`, configs, series: points }
}

// The question, asked of both.
const FILTER_CONFIG = { path: config(0), above: 0.3 }
const FILTER_SERIES = { path: series(0), below: 0.8 }
const SORT = series(1)
const COLUMNS = [
  ...Array.from({ length: 25 }, (_, k) => config(k)),
  ...Array.from({ length: 25 }, (_, k) => series(k)),
]
const NQL = `${FILTER_CONFIG.path} > ${FILTER_CONFIG.above} AND ${FILTER_SERIES.path} < ${FILTER_SERIES.below}`

function logRun(project: Project, i: number): void {
  const data = runData(i)
  const run = project.startRun({ name: data.name, ...NO_CAPTURE })
  run.assign('parameters', data.configs)
  for (let step = 0; step < POINTS; step++) {
    const values: Record<string, number> = {}
    for (const [path, points] of Object.entries(data.series)) values[path] = points[step]!
    run.log(values, { step })
  }
  run.close()
}

type Row = Record<string, unknown>

function inserter(db: Database.Database, table: string, columns: string[]): Database.Statement {
  return db.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  )
}

/**
 * --fill=sql: runs 2..N are copies of run 1 (logged through the public API) with their own values, written
 * straight into project.db: the runs row, every field row with its series summary, and the series chunks
 * encoded by the engine's own codec. The result is the project the API would have written, in seconds.
 */
function cloneRuns(dir: string): void {
  const db = new Database(join(dir, 'project.db'))
  db.pragma('synchronous = NORMAL')
  const templateRun = db.prepare("SELECT * FROM runs WHERE sys_id = 'BENCH-1'").get() as Row
  const templateFields = db
    .prepare('SELECT * FROM fields WHERE run_id = ? ORDER BY id')
    .all(templateRun.id) as Row[]
  const runColumns = Object.keys(templateRun).filter((c) => c !== 'id')
  const fieldColumns = Object.keys(templateFields[0]!).filter((c) => c !== 'id')
  const insertRun = inserter(db, 'runs', runColumns)
  const insertField = inserter(db, 'fields', fieldColumns)
  const insertChunk = inserter(db, 'series_chunks', [
    'field_id',
    'seq',
    'count',
    'step_first',
    'step_last',
    'min',
    'max',
    'vals',
    'steps',
    'times',
  ])
  const steps = Float64Array.from({ length: POINTS }, (_, k) => k)
  db.transaction(() => {
    for (let i = 1; i < RUNS; i++) {
      const data = runData(i)
      const created = (templateRun.created_at as number) + i
      const run: Row = {
        ...templateRun,
        number: i + 1,
        sys_id: `BENCH-${i + 1}`,
        uuid: randomUUID(),
        created_at: created,
      }
      const runId = Number(insertRun.run(...runColumns.map((c) => run[c] as never)).lastInsertRowid)
      for (const template of templateFields) {
        const path = template.path as string
        const field: Row = { ...template, run_id: runId, updated_at: created }
        const points = data.series[path]
        if (path === 'sys/id') field.text = `BENCH-${i + 1}`
        else if (path === 'sys/uuid') field.text = run.uuid
        else if (path === 'sys/name') field.text = data.name
        else if (field.type === 'Datetime' && path.startsWith('sys/')) field.num = created
        else if (path.startsWith('parameters/')) {
          const value = data.configs[path.slice('parameters/'.length)]!
          if (typeof value === 'number') field.num = value
          else field.text = value
        } else if (points) {
          let sum = 0
          let sumSq = 0
          for (const v of points) {
            sum += v
            sumSq += v * v
          }
          const last = points[points.length - 1]!
          const bits = Buffer.alloc(8)
          bits.writeDoubleLE(last)
          Object.assign(field, {
            count: points.length,
            first_step: 0,
            last_step: points.length - 1,
            last,
            last_bits: bits,
            min: Math.min(...points),
            max: Math.max(...points),
            finite_count: points.length,
            sum,
            sum_sq: sumSq,
          })
        }
        const fieldId = Number(insertField.run(...fieldColumns.map((c) => field[c] as never)).lastInsertRowid)
        if (points) {
          const chunk = encodeChunk(
            steps,
            Float64Array.from(points),
            Float64Array.from(points, () => created),
            0,
            points.length,
          )
          insertChunk.run(
            fieldId,
            0,
            chunk.count,
            chunk.stepFirst,
            chunk.stepLast,
            chunk.min,
            chunk.max,
            chunk.vals,
            chunk.steps,
            chunk.times,
          )
        }
      }
    }
  })()
  db.close()
}

function populateNereid(dir: string, fill: 'api' | 'sql'): number {
  const start = performance.now()
  const project = openProject(dir, {
    key: 'BENCH',
    maxBufferedPoints: 1 << 20,
    flushMs: 3_600_000,
    onWarning: () => {},
  })
  const count = fill === 'api' ? RUNS : 1
  for (let i = 0; i < count; i++) {
    logRun(project, i)
    if (i % 500 === 499) process.stderr.write(`\r  nereid: ${i + 1} runs through the API`)
  }
  project.close()
  if (fill === 'sql') cloneRuns(dir)
  else process.stderr.write('\n')
  return performance.now() - start
}

const MLFLOW_SCHEMA = `
CREATE TABLE runs (
  run_uuid VARCHAR(32) NOT NULL, name VARCHAR(250), status VARCHAR(9), start_time BIGINT, end_time BIGINT,
  lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER,
  CONSTRAINT run_pk PRIMARY KEY (run_uuid)
);
CREATE TABLE params (
  key VARCHAR(250) NOT NULL, value VARCHAR(8000) NOT NULL, run_uuid VARCHAR(32) NOT NULL,
  CONSTRAINT param_pk PRIMARY KEY (key, run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid)
);
CREATE INDEX index_params_run_uuid ON params (run_uuid);
CREATE TABLE latest_metrics (
  key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT, step BIGINT NOT NULL,
  is_nan BOOLEAN NOT NULL, run_uuid VARCHAR(32) NOT NULL,
  CONSTRAINT latest_metric_pk PRIMARY KEY (key, run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid)
);
CREATE INDEX index_latest_metrics_run_uuid ON latest_metrics (run_uuid);
`

function populateMlflow(file: string): number {
  const start = performance.now()
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec(MLFLOW_SCHEMA)
  const run = db.prepare("INSERT INTO runs VALUES (?, ?, 'FINISHED', ?, ?, 'active', '', 0)")
  const param = db.prepare('INSERT INTO params VALUES (?, ?, ?)')
  const latest = db.prepare('INSERT INTO latest_metrics VALUES (?, ?, ?, ?, 0, ?)')
  db.transaction(() => {
    for (let i = 0; i < RUNS; i++) {
      const data = runData(i)
      const uuid = randomUUID().replace(/-/g, '')
      run.run(uuid, data.name, 1e12 + i, 1e12 + i)
      for (const [key, value] of Object.entries(data.configs))
        param.run(`parameters/${key}`, String(value), uuid)
      for (const [key, points] of Object.entries(data.series))
        latest.run(key, points[POINTS - 1]!, 1e12 + i, POINTS - 1, uuid)
    }
  })()
  db.close()
  return performance.now() - start
}

/** The question in the MLflow layout: filter + sort + page in one statement, then params and metrics pivoted. */
function askMlflow(db: Database.Database, limit: number | undefined): unknown[][] {
  const ids = db
    .prepare(
      `SELECT r.run_uuid, r.name FROM runs r
       JOIN params p ON p.run_uuid = r.run_uuid AND p.key = ? AND CAST(p.value AS REAL) > ?
       JOIN latest_metrics m ON m.run_uuid = r.run_uuid AND m.key = ? AND m.is_nan = 0 AND m.value < ?
       LEFT JOIN latest_metrics s ON s.run_uuid = r.run_uuid AND s.key = ?
       WHERE r.lifecycle_stage = 'active'
       ORDER BY s.value IS NULL, s.is_nan, s.value DESC, r.start_time DESC
       LIMIT ?`,
    )
    .raw()
    .all(
      FILTER_CONFIG.path,
      FILTER_CONFIG.above,
      FILTER_SERIES.path,
      FILTER_SERIES.below,
      SORT,
      limit ?? -1,
    ) as [string, string][]
  const index = new Map(ids.map(([uuid], i) => [uuid, i]))
  const column = new Map(COLUMNS.map((c, j) => [c, j + 1]))
  const rows: unknown[][] = ids.map(([uuid]) => {
    const row: unknown[] = new Array(COLUMNS.length + 1).fill(null)
    row[0] = uuid
    return row
  })
  const uuids = JSON.stringify(ids.map(([uuid]) => uuid))
  const keys = JSON.stringify(COLUMNS)
  const params = db
    .prepare(
      'SELECT run_uuid, key, value FROM params WHERE run_uuid IN (SELECT value FROM json_each(?)) AND key IN (SELECT value FROM json_each(?))',
    )
    .raw()
  for (const [uuid, key, value] of params.iterate(uuids, keys) as Iterable<[string, string, string]>)
    rows[index.get(uuid)!]![column.get(key)!] = value
  const metrics = db
    .prepare(
      'SELECT run_uuid, key, value, is_nan FROM latest_metrics WHERE run_uuid IN (SELECT value FROM json_each(?)) AND key IN (SELECT value FROM json_each(?))',
    )
    .raw()
  for (const [uuid, key, value, isNan] of metrics.iterate(uuids, keys) as Iterable<
    [string, string, number, number]
  >)
    rows[index.get(uuid)!]![column.get(key)!] = isNan ? Number.NaN : value
  return rows
}

function best(fn: () => unknown): { ms: number; result: unknown } {
  let result = fn()
  let ms = Infinity
  for (let i = 0; i < REPEAT; i++) {
    const start = performance.now()
    result = fn()
    ms = Math.min(ms, performance.now() - start)
  }
  return { ms, result }
}

function size(file: string): number {
  let bytes = 0
  for (const suffix of ['', '-wal']) {
    try {
      bytes += statSync(file + suffix).size
    } catch {
      // no such file
    }
  }
  return bytes
}

function main(): void {
  const root = mkdtempSync(join(tmpdir(), 'nereid-runs-table-bench-'))
  console.log(
    `Runs-table benchmark${QUICK ? ' (--quick)' : ''}: ${RUNS.toLocaleString('en')} runs x ${CONFIGS} configs + ${SERIES} float series (${POINTS} points each).`,
  )
  console.log(`Question: ${NQL}, sorted by ${SORT} descending, ${COLUMNS.length} columns.`)
  console.log(
    `Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? '?'}, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}.`,
  )
  try {
    const nereidDir = join(root, 'nereid')
    const mlflowFile = join(root, 'mlflow.db')
    const fillNereid = populateNereid(nereidDir, FILL)
    const fillMlflow = populateMlflow(mlflowFile)
    console.log(
      `Populated: Nereid ${(fillNereid / 1000).toFixed(1)} s ${FILL === 'api' ? 'through the public API' : 'by copying run 1 (logged through the API) in SQL'} (${size(join(nereidDir, 'project.db')) >> 20} MiB); MLflow replica ${(fillMlflow / 1000).toFixed(1)} s by direct inserts (${size(mlflowFile) >> 20} MiB).`,
    )

    const project = openProject(nereidDir, { readonly: true })
    const mlflow = new Database(mlflowFile, { readonly: true })
    try {
      // The copies must read back through the engine like logged runs.
      const lastRun = project.runs.get(`BENCH-${RUNS}`)
      const points = lastRun.field(series(0)).fetchValues()
      if (
        String([...(points.values as Float64Array)]) !== String(runData(RUNS - 1).series[series(0)]) ||
        lastRun.field(config(0)).fetch() !== runData(RUNS - 1).configs.p00
      ) {
        throw new Error('the populated project does not read back as written')
      }
      const lines: string[] = []
      for (const limit of [undefined, 100]) {
        const nereid = best(() =>
          project.fetchRunsTable({
            query: NQL,
            columns: COLUMNS,
            sortBy: SORT,
            ascending: false,
            ...(limit ? { limit } : {}),
          }),
        )
        const replica = best(() => askMlflow(mlflow, limit))
        const nereidRows = (nereid.result as { rows: unknown[][] }).rows
        const replicaRows = replica.result as unknown[][]
        if (nereidRows.length !== replicaRows.length)
          throw new Error(`the layouts disagree: ${nereidRows.length} vs ${replicaRows.length} rows`)
        const sample = nereidRows.length >> 1
        if (nereidRows.length && nereidRows[sample]![COLUMNS.length] !== replicaRows[sample]![COLUMNS.length])
          throw new Error('the layouts disagree on a value')
        const what = limit
          ? `first ${limit} rows`
          : `all ${nereidRows.length.toLocaleString('en')} matching rows`
        lines.push(
          `  ${what.padEnd(28)} Nereid ${nereid.ms.toFixed(1).padStart(7)} ms   MLflow layout ${replica.ms.toFixed(1).padStart(7)} ms   ratio ${(replica.ms / nereid.ms).toFixed(2)}x`,
        )
      }
      console.log('Best of 7 (after a warm-up):')
      for (const line of lines) console.log(line)
      console.log(
        `Goal: <= 100 ms for Nereid. Load average at the end: ${loadavg()
          .map((x) => x.toFixed(2))
          .join(' ')}.`,
      )
    } finally {
      project.close()
      mlflow.close()
    }
  } finally {
    if (process.argv.includes('--keep')) console.log(`Kept ${root}`)
    else rmSync(root, { recursive: true, force: true })
  }
}

main()
