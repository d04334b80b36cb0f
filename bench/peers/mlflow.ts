/**
 * MLflow's tracking-store layout (SqlAlchemyStore on SQLite) replicated on better-sqlite3: one row per point
 * in `metrics` with MLflow's 6-column primary key and its run_uuid index, plus `latest_metrics` kept in the
 * same transaction. Points are written the way `log_batch` does, in its most favourable form: batches of
 * up to 1000 metrics (MLflow's per-request limit, what async logging coalesces to), each one transaction
 * that checks the run, inserts the rows, reads the latest rows of the keys in groups of 100 and updates them.
 *
 * @example
 * const sink = mlflow.write(dir, 'train'); sink.log({ 'train/loss': 0.3 }, 0); sink.close()
 */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Columns, Layout, Reader, Sink } from '../layout.js'

const FILE = 'mlflow.db'
/** MLflow's MAX_METRICS_PER_BATCH. */
const BATCH = 1000
/** `_update_latest_metrics_if_necessary` looks keys up 100 at a time. */
const KEY_GROUP = 100

// The DDL MLflow's alembic migrations leave in SQLite (columns in their order, constraints by name).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  run_uuid VARCHAR(32) NOT NULL, name VARCHAR(250), status VARCHAR(9), start_time BIGINT, end_time BIGINT,
  lifecycle_stage VARCHAR(20), artifact_uri VARCHAR(200), experiment_id INTEGER,
  CONSTRAINT run_pk PRIMARY KEY (run_uuid)
);
CREATE TABLE IF NOT EXISTS metrics (
  key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL, run_uuid VARCHAR(32) NOT NULL,
  step BIGINT DEFAULT '0' NOT NULL, is_nan BOOLEAN DEFAULT '0' NOT NULL,
  CONSTRAINT metric_pk PRIMARY KEY (key, timestamp, step, run_uuid, value, is_nan),
  FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid), CHECK (is_nan IN (0, 1))
);
CREATE INDEX IF NOT EXISTS index_metrics_run_uuid ON metrics (run_uuid);
CREATE TABLE IF NOT EXISTS latest_metrics (
  key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT, step BIGINT NOT NULL,
  is_nan BOOLEAN NOT NULL, run_uuid VARCHAR(32) NOT NULL,
  CONSTRAINT latest_metric_pk PRIMARY KEY (key, run_uuid),
  FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid), CHECK (is_nan IN (0, 1))
);
CREATE INDEX IF NOT EXISTS index_latest_metrics_run_uuid ON latest_metrics (run_uuid);
`

/** Opens mlflow.db with MLflow's session pragmas plus WAL and synchronous=NORMAL, like Nereid. */
function open(dir: string, readonly = false): Database.Database {
  const db = new Database(join(dir, FILE), { readonly, fileMustExist: readonly })
  db.pragma('busy_timeout = 20000')
  db.pragma('foreign_keys = ON')
  if (!readonly) {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.exec(SCHEMA)
  }
  return db
}

type Latest = { key: string; value: number; timestamp: number; step: number; is_nan: number }

/** (step, timestamp, value) ordering of `_update_latest_metrics_if_necessary`. */
function newer(a: Latest, b: Latest): boolean {
  if (a.step !== b.step) return a.step > b.step
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp
  return a.value > b.value
}

class MlflowSink implements Sink {
  private readonly db: Database.Database
  private readonly runUuid = randomUUID().replaceAll('-', '')
  private readonly keys: string[] = []
  private readonly values: number[] = []
  private readonly times: number[] = []
  private readonly steps: number[] = []
  private readonly getRun: Database.Statement
  private readonly insertMetric: Database.Statement
  private readonly insertLatest: Database.Statement
  private readonly updateLatest: Database.Statement
  private readonly keyLookups = new Map<number, { keys: Database.Statement; rows: Database.Statement }>()
  private readonly writeBatch: () => void

  constructor(dir: string, name: string) {
    this.db = open(dir)
    this.db
      .prepare(
        `INSERT INTO runs (run_uuid, name, status, start_time, lifecycle_stage, artifact_uri, experiment_id) VALUES (?, ?, 'RUNNING', ?, 'active', '', 0)`,
      )
      .run(this.runUuid, name, Date.now())
    this.getRun = this.db.prepare('SELECT run_uuid, status, lifecycle_stage FROM runs WHERE run_uuid = ?')
    this.insertMetric = this.db.prepare(
      'INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)',
    )
    this.insertLatest = this.db.prepare(
      'INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, ?, ?)',
    )
    this.updateLatest = this.db.prepare(
      'UPDATE latest_metrics SET value = ?, timestamp = ?, step = ?, is_nan = ? WHERE key = ? AND run_uuid = ?',
    )
    this.writeBatch = this.db.transaction(() => this.logBatch())
  }

  log(values: Record<string, number>, step: number): void {
    const timestamp = Date.now() // log_metrics takes one timestamp per call
    for (const key in values) {
      this.keys.push(key)
      this.values.push(values[key]!)
      this.times.push(timestamp)
      this.steps.push(step)
      if (this.keys.length >= BATCH) this.flush()
    }
  }

  private flush(): void {
    if (this.keys.length === 0) return
    this.writeBatch()
    this.keys.length = this.values.length = this.times.length = this.steps.length = 0
  }

  private lookups(n: number): { keys: Database.Statement; rows: Database.Statement } {
    let found = this.keyLookups.get(n)
    if (!found) {
      const marks = Array.from({ length: n }, () => '?').join(', ')
      found = {
        keys: this.db
          .prepare(`SELECT key FROM latest_metrics WHERE run_uuid = ? AND key IN (${marks})`)
          .pluck(),
        rows: this.db.prepare(
          `SELECT key, value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid = ? AND key IN (${marks}) ORDER BY run_uuid, key`,
        ),
      }
      this.keyLookups.set(n, found)
    }
    return found
  }

  /** The body of SqlAlchemyStore._log_metrics for one batch, inside its transaction. */
  private logBatch(): void {
    const run = this.getRun.get(this.runUuid) as { lifecycle_stage: string } | undefined
    if (run?.lifecycle_stage !== 'active') throw new Error('run is not active')
    const { keys, values, times, steps, runUuid } = this
    const n = keys.length
    for (let i = 0; i < n; i++) {
      const value = values[i]!
      const nan = Number.isNaN(value)
      this.insertMetric.run(keys[i], nan ? 0 : value, times[i], runUuid, steps[i], nan ? 1 : 0)
    }
    // _update_latest_metrics_if_necessary
    const latest = new Map<string, Latest>()
    for (let from = 0; from < n; from += KEY_GROUP) {
      const group = keys.slice(from, from + KEY_GROUP)
      const lookup = this.lookups(group.length)
      const existing = lookup.keys.all(runUuid, ...group) as string[]
      if (existing.length === 0) continue
      const rows = this.lookups(existing.length).rows.all(runUuid, ...existing) as Latest[]
      for (const row of rows) latest.set(row.key, row)
    }
    const created = new Map<string, Latest>()
    const changed = new Set<Latest>()
    for (let i = 0; i < n; i++) {
      const value = values[i]!
      const nan = Number.isNaN(value)
      const logged: Latest = {
        key: keys[i]!,
        value: nan ? 0 : value,
        timestamp: times[i]!,
        step: steps[i]!,
        is_nan: nan ? 1 : 0,
      }
      const old = latest.get(logged.key) ?? created.get(logged.key)
      if (!old) created.set(logged.key, logged)
      else if (newer(logged, old)) {
        Object.assign(old, logged)
        if (latest.has(logged.key)) changed.add(old)
      }
    }
    for (const m of changed) this.updateLatest.run(m.value, m.timestamp, m.step, m.is_nan, m.key, runUuid)
    for (const m of created.values())
      this.insertLatest.run(m.key, m.value, m.timestamp, m.step, m.is_nan, runUuid)
  }

  close(): void {
    this.flush()
    this.db
      .prepare(`UPDATE runs SET status = 'FINISHED', end_time = ? WHERE run_uuid = ?`)
      .run(Date.now(), this.runUuid)
    this.db.close()
  }
}

class MlflowReader implements Reader {
  private readonly db: Database.Database
  private readonly history: Database.Statement
  private readonly runByName: Database.Statement

  constructor(dir: string) {
    this.db = open(dir, true)
    this.runByName = this.db.prepare('SELECT run_uuid FROM runs WHERE name = ?').pluck()
    // get_metric_history: every row of (run, key), in step order.
    this.history = this.db
      .prepare(
        'SELECT step, value, timestamp, is_nan FROM metrics WHERE run_uuid = ? AND key = ? ORDER BY step',
      )
      .raw()
  }

  read(run: string, key: string): Columns {
    const rows = this.history.all(this.runByName.get(run), key) as [number, number, number, number][]
    const out: Columns = {
      steps: new Float64Array(rows.length),
      values: new Float64Array(rows.length),
      timestamps: new Float64Array(rows.length),
    }
    for (let i = 0; i < rows.length; i++) {
      const [step, value, timestamp, isNan] = rows[i]!
      out.steps[i] = step
      out.values[i] = isNan ? NaN : value
      out.timestamps[i] = timestamp
    }
    return out
  }

  close(): void {
    this.db.close()
  }
}

/** MLflow: a row per point with a 6-column primary key. */
export const mlflow: Layout = {
  name: 'mlflow',
  about:
    'MLflow SqlAlchemyStore: metrics row per point, PK(key,timestamp,step,run_uuid,value,is_nan) + run_uuid index, latest_metrics upserted; log_batch of <=1000 per transaction',
  write: (dir, run) => new MlflowSink(dir, run),
  files: (dir) => [join(dir, FILE), join(dir, `${FILE}-wal`)],
  openReader: (dir) => new MlflowReader(dir),
}
