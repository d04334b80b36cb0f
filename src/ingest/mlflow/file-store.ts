/**
 * Reads MLflow's file store: `mlruns/<experiment id>/meta.yaml` and `mlruns/<exp>/<run>/{meta.yaml,
 * params/,tags/,metrics/,artifacts/}`, where a metric file holds lines `timestamp value step` and a key
 * with '/' is a nested file. A malformed metric line is reported (file and line) and left out.
 *
 * @example
 * const runs = readMlruns('mlruns', report)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parse } from 'yaml'
import { CorruptDataError } from '../../index.js'
import { skip, type ImportReport } from '../report.js'
import { artifactDir } from './artifact-dir.js'
import type { MetricPoint } from './metric-points.js'
import type { MlflowRun } from './run-record.js'

const STATUS: Record<number, string> = {
  1: 'RUNNING',
  2: 'SCHEDULED',
  3: 'FINISHED',
  4: 'FAILED',
  5: 'KILLED',
}

function readYaml(file: string): Record<string, unknown> {
  try {
    const value: unknown = parse(readFileSync(file, 'utf8'))
    if (value && typeof value === 'object') return value as Record<string, unknown>
  } catch (error) {
    throw new CorruptDataError(
      'BAD_META_YAML',
      `${file} is not valid YAML (${(error as Error).message.split('\n')[0]})`,
      { hint: 'Restore the file from the original mlruns directory.', cause: error },
    )
  }
  throw new CorruptDataError('BAD_META_YAML', `${file} holds no mapping`, {
    hint: 'Restore the file from the original mlruns directory.',
  })
}

/** key -> file content, for a params/ or tags/ directory (nested directories make '/' keys). */
function keyFiles(dir: string): [string, string][] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort()
    .map((f) => [relative(dir, f).split('\\').join('/'), readFileSync(f, 'utf8')])
}

function metricPoints(file: string, key: string, runUuid: string, report: ImportReport): MetricPoint[] {
  const points: MetricPoint[] = []
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return
      const parts = line.trim().split(/\s+/)
      const [ts, value, step] = [
        Number(parts[0]),
        parts[1] === 'nan' || parts[1] === 'NaN' ? Number.NaN : Number(parts[1]),
        parts[2] === undefined ? 0 : Number(parts[2]),
      ]
      if (
        parts.length < 2 ||
        parts.length > 3 ||
        !Number.isInteger(ts) ||
        (Number.isNaN(value) && !/^nan$/i.test(parts[1]!)) ||
        !Number.isInteger(step)
      ) {
        skip(report, {
          file,
          row: i + 1,
          run: runUuid,
          reason: `'metrics/${key}': malformed line ${JSON.stringify(line)} (want "timestamp value step")`,
        })
        return
      }
      points.push({ step, timestamp: ts, value, isNan: Number.isNaN(value), row: i + 1 })
    })
  return points
}

/** The live runs of the file store at `root` (deleted ones and .trash are reported or left out). */
export function readMlruns(root: string, report: ImportReport): MlflowRun[] {
  const runs: MlflowRun[] = []
  const experiments = readdirSync(root, { withFileTypes: true }).filter(
    (e) => e.isDirectory() && !e.name.startsWith('.') && existsSync(join(root, e.name, 'meta.yaml')),
  )
  for (const exp of experiments.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const expDir = join(root, exp.name)
    const expMeta = readYaml(join(expDir, 'meta.yaml'))
    const experiment = String(expMeta.name ?? exp.name)
    for (const entry of readdirSync(expDir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const runDir = join(expDir, entry.name)
      if (!entry.isDirectory() || !existsSync(join(runDir, 'meta.yaml'))) continue
      const meta = readYaml(join(runDir, 'meta.yaml'))
      const runUuid = String(meta.run_uuid ?? meta.run_id ?? entry.name)
      if (meta.lifecycle_stage === 'deleted') {
        skip(report, {
          file: join(runDir, 'meta.yaml'),
          run: runUuid,
          reason: `run ${runUuid} is deleted in MLflow`,
        })
        continue
      }
      const metrics = new Map<string, MetricPoint[]>()
      for (const [key] of keyFiles(join(runDir, 'metrics')))
        metrics.set(key, metricPoints(join(runDir, 'metrics', key), key, runUuid, report))
      const num = (v: unknown) => (typeof v === 'number' ? v : undefined)
      const start = num(meta.start_time)
      const end = num(meta.end_time)
      runs.push({
        runUuid,
        experiment,
        ...(typeof meta.run_name === 'string' ? { name: meta.run_name } : {}),
        ...(typeof meta.user_id === 'string' ? { user: meta.user_id } : {}),
        ...(typeof meta.status === 'number' && STATUS[meta.status] ? { status: STATUS[meta.status] } : {}),
        ...(start !== undefined ? { startTime: start } : {}),
        ...(end !== undefined ? { endTime: end } : {}),
        params: Object.fromEntries(keyFiles(join(runDir, 'params'))),
        tags: Object.fromEntries(keyFiles(join(runDir, 'tags'))),
        metrics,
        artifactDir: artifactDir(
          typeof meta.artifact_uri === 'string' ? meta.artifact_uri : undefined,
          root,
          exp.name,
          entry.name,
        ),
      })
    }
  }
  return runs
}

/** True when `dir` looks like an mlruns directory (experiment folders with meta.yaml). */
export function isMlruns(dir: string): boolean {
  return (
    existsSync(dir) &&
    statSync(dir).isDirectory() &&
    readdirSync(dir).some((n) => existsSync(join(dir, n, 'meta.yaml')))
  )
}
