/**
 * Reads an MLflow tracking database (`mlflow.db`, MLflow's SQLAlchemy schema) into MLflow runs: the
 * experiments, runs, params, tags and metrics tables (latest_metrics is only a summary and is not needed).
 * A SQLite file without those tables is a FormatVersionError.
 *
 * @example
 * const runs = readMlflowDb('mlflow.db', report)
 */
import { dirname, join } from 'node:path'
import { FormatVersionError, openForeignDatabase } from '../../index.js'
import { skip, type ImportReport } from '../report.js'
import { artifactDir } from './artifact-dir.js'
import type { MlflowRun } from './run-record.js'

const TABLES = ['experiments', 'runs', 'params', 'tags', 'metrics']

interface RunRow {
  run_uuid: string
  name: string | null
  user_id: string | null
  status: string | null
  start_time: number | null
  end_time: number | null
  lifecycle_stage: string | null
  artifact_uri: string | null
  experiment_id: number
  experiment: string
}

/** The live (not deleted) runs of the database at `file`; deleted runs are reported. */
export function readMlflowDb(file: string, report: ImportReport): MlflowRun[] {
  const db = openForeignDatabase(file)
  try {
    const tables = new Set(db.tables())
    const missing = TABLES.filter((t) => !tables.has(t))
    if (missing.length) {
      throw new FormatVersionError(
        'NOT_MLFLOW_DB',
        `${file} has no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''}: it is not an MLflow tracking database`,
        {
          hint: 'Pass the file MLflow writes for --backend-store-uri sqlite:///mlflow.db.',
        },
      )
    }
    const rows =
      db.all<RunRow>(`SELECT r.run_uuid, r.name, r.user_id, r.status, r.start_time, r.end_time, r.lifecycle_stage, r.artifact_uri, r.experiment_id, e.name AS experiment
      FROM runs r JOIN experiments e ON e.experiment_id = r.experiment_id ORDER BY r.start_time, r.run_uuid`)
    const runs: MlflowRun[] = []
    for (const row of rows) {
      if (row.lifecycle_stage === 'deleted') {
        skip(report, { file, run: row.run_uuid, reason: `run ${row.run_uuid} is deleted in MLflow` })
        continue
      }
      const pairs = (table: string) =>
        Object.fromEntries(
          db
            .all<{ key: string; value: string }>(
              `SELECT key, value FROM ${table} WHERE run_uuid = ? ORDER BY key`,
              row.run_uuid,
            )
            .map((r) => [r.key, r.value ?? '']),
        )
      const metrics = new Map<string, { step: number; timestamp: number; value: number; isNan: boolean }[]>()
      for (const m of db.all<{ key: string; value: number; timestamp: number; step: number; is_nan: number }>(
        'SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ? ORDER BY key, step, timestamp',
        row.run_uuid,
      )) {
        const list = metrics.get(m.key) ?? []
        list.push({
          step: Number(m.step),
          timestamp: Number(m.timestamp),
          value: m.value,
          isNan: m.is_nan === 1,
        })
        metrics.set(m.key, list)
      }
      runs.push({
        runUuid: row.run_uuid,
        experiment: row.experiment,
        ...(row.name !== null ? { name: row.name } : {}),
        ...(row.user_id !== null ? { user: row.user_id } : {}),
        ...(row.status !== null ? { status: row.status } : {}),
        ...(row.start_time !== null ? { startTime: Number(row.start_time) } : {}),
        ...(row.end_time !== null ? { endTime: Number(row.end_time) } : {}),
        params: pairs('params'),
        tags: pairs('tags'),
        metrics,
        artifactDir: artifactDir(
          row.artifact_uri,
          join(dirname(file), 'mlruns'),
          String(row.experiment_id),
          row.run_uuid,
        ),
      })
    }
    return runs
  } finally {
    db.close()
  }
}
