/**
 * What an MLflow run is, whichever store it comes from, and how it becomes an imported-run record: params
 * as String fields under `params/`, tags under `tags/` (`mlflow.runName` is sys/name, `mlflow.user`
 * sys/owner, `mlflow.note.content` sys/description), metrics as FloatSeries under `metrics/`, files of
 * the artifact directory as File fields under `artifacts/`.
 *
 * @example
 * const record = mlflowRecord({ runUuid, experiment: 'Default', params: { lr: '0.1' }, … }, report, file)
 */
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { emptyRun, type ImportedRun } from '../record.js'
import { skip, type ImportReport } from '../report.js'
import { toSeries, type MetricPoint } from './metric-points.js'

/** An MLflow run as read from mlflow.db or mlruns/. */
export interface MlflowRun {
  runUuid: string
  experiment: string
  name?: string
  user?: string
  status?: string
  startTime?: number
  endTime?: number
  params: Record<string, string>
  tags: Record<string, string>
  metrics: Map<string, MetricPoint[]>
  /** The run's artifact directory on disk, when it exists. */
  artifactDir?: string
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort()
}

/** The record of `run`; `file` names the source in skip reports. */
export function mlflowRecord(run: MlflowRun, report: ImportReport, file: string): ImportedRun {
  const record = emptyRun('mlflow', `mlflow:${run.runUuid}`, run.runUuid)
  const tags = run.tags
  record.sys = {
    name: tags['mlflow.runName'] ?? run.name ?? 'Untitled',
    owner: tags['mlflow.user'] ?? run.user ?? '',
    description: tags['mlflow.note.content'] ?? '',
    failed: run.status === 'FAILED',
    ...(run.startTime !== undefined ? { creationTime: new Date(run.startTime) } : {}),
    ...(run.startTime !== undefined && run.endTime !== undefined && run.endTime >= run.startTime
      ? { runningTime: (run.endTime - run.startTime) / 1000 }
      : {}),
  }
  record.experiment = run.experiment
  if (run.status !== undefined) record.atoms.push({ path: 'import/status', value: run.status })
  for (const [key, value] of Object.entries(run.params)) record.atoms.push({ path: `params/${key}`, value })
  for (const [key, value] of Object.entries(tags)) record.atoms.push({ path: `tags/${key}`, value })
  for (const [key, points] of run.metrics) {
    record.floatSeries.push(
      toSeries(`metrics/${key}`, points, (row, reason) =>
        skip(report, { file: row === undefined ? file : join(file, key), row, run: run.runUuid, reason }),
      ),
    )
  }
  if (run.artifactDir) {
    for (const path of filesUnder(run.artifactDir))
      record.files.push({
        path: `artifacts/${relative(run.artifactDir, path).split('\\').join('/')}`,
        input: path,
      })
  }
  return record
}
