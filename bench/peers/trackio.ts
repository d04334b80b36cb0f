/**
 * Trackio's layout (SQLiteStorage) replicated on better-sqlite3: one `metrics` row per logged step holding
 * the whole dict as JSON text, an ISO timestamp string per row, an index on (run_name, step). `log()` queues
 * the row (ISO timestamp and JSON text); every 0.5 s the queue is written by one executemany-style INSERT
 * loop in one transaction, as Trackio's background flush does (its per-flush file lock is left out). Reads: json_extract of one key in SQL, or JSON.parse of every row as Trackio's
 * get_logs does.
 *
 * @example
 * const sink = trackio.write(dir, 'train'); sink.log({ 'train/loss': 0.3 }, 0); sink.close()
 */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Columns, Layout, Reader, Sink } from '../layout.js'

const FILE = 'trackio.db'
/** Trackio's background flush interval. */
const FLUSH_MS = 500

const SCHEMA = `
CREATE TABLE IF NOT EXISTS metrics (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT,
  timestamp TEXT NOT NULL,
  run_name TEXT NOT NULL,
  step INTEGER NOT NULL,
  metrics TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_metrics_run_step ON metrics(run_name, step);
`

function open(dir: string, readonly = false): Database.Database {
  const db = new Database(join(dir, FILE), { readonly, fileMustExist: readonly })
  if (!readonly) {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.exec(SCHEMA)
  }
  return db
}

type Row = [runId: string, timestamp: string, runName: string, step: number, metrics: string]

class TrackioSink implements Sink {
  private readonly db: Database.Database
  private readonly runId = randomUUID().slice(0, 8)
  private queue: Row[] = []
  private lastFlush = performance.now()
  private readonly writeRows: (rows: Row[]) => void

  constructor(
    dir: string,
    private readonly name: string,
  ) {
    this.db = open(dir)
    const insert = this.db.prepare(
      'INSERT INTO metrics (run_id, timestamp, run_name, step, metrics) VALUES (?, ?, ?, ?, ?)',
    )
    this.writeRows = this.db.transaction((rows: Row[]) => {
      for (const row of rows) insert.run(row)
    })
  }

  log(values: Record<string, number>, step: number): void {
    this.queue.push([this.runId, new Date().toISOString(), this.name, step, JSON.stringify(values)])
    // Trackio's flush runs on a thread every 0.5 s; a check per log() stands in for that timer.
    if (performance.now() - this.lastFlush >= FLUSH_MS) this.flush()
  }

  private flush(): void {
    const rows = this.queue
    this.queue = []
    if (rows.length > 0) this.writeRows(rows)
    this.lastFlush = performance.now()
  }

  close(): void {
    this.flush()
    this.db.close()
  }
}

class TrackioReader implements Reader {
  private readonly db: Database.Database
  private readonly extract: Database.Statement
  private readonly rows: Database.Statement

  constructor(
    dir: string,
    private readonly how: string,
  ) {
    this.db = open(dir, true)
    this.extract = this.db
      .prepare(
        'SELECT step, timestamp, json_extract(metrics, ?) FROM metrics WHERE run_name = ? ORDER BY step',
      )
      .raw()
    this.rows = this.db
      .prepare('SELECT step, timestamp, metrics FROM metrics WHERE run_name = ? ORDER BY step')
      .raw()
  }

  read(run: string, key: string): Columns {
    const parse = this.how === 'JSON.parse'
    const rows = (parse ? this.rows.all(run) : this.extract.all(`$.${JSON.stringify(key)}`, run)) as [
      number,
      string,
      unknown,
    ][]
    const steps: number[] = []
    const values: number[] = []
    const timestamps: number[] = []
    for (const [step, timestamp, cell] of rows) {
      const value = parse ? (JSON.parse(cell as string) as Record<string, unknown>)[key] : cell
      if (typeof value !== 'number') continue // the key was not logged at this step
      steps.push(step)
      values.push(value)
      timestamps.push(Date.parse(timestamp))
    }
    return {
      steps: Float64Array.from(steps),
      values: Float64Array.from(values),
      timestamps: Float64Array.from(timestamps),
    }
  }

  close(): void {
    this.db.close()
  }
}

/** Trackio: a JSON row per step. */
export const trackio: Layout = {
  name: 'trackio',
  about:
    'Trackio SQLiteStorage: metrics(id, run_id, timestamp TEXT, run_name, step, metrics JSON) a row per step, index (run_name, step); batch insert every 0.5 s',
  write: (dir, run) => new TrackioSink(dir, run),
  files: (dir) => [join(dir, FILE), join(dir, `${FILE}-wal`)],
  readers: ['json_extract', 'JSON.parse'],
  openReader: (dir, how = 'json_extract') => new TrackioReader(dir, how),
}
