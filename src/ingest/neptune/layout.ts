/**
 * Finds the runs of a neptune-exporter data directory: `<data>/<sanitized project>/<sanitized run>_part_<n>.parquet`,
 * parts ordered by n. A run without `part_0` was not finished by the exporter (it renames part_0 last)
 * and is reported, not read. `models/` and `model_versions/` (the v2 registry export) are reported too.
 *
 * @example
 * findExportedRuns('exports/data', report)   // [{ projectDir, name: 'SAN-1-…', parts: ['…_part_0.parquet'] }]
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { NotFoundError } from '../../index.js'
import { skip, type ImportReport } from '../report.js'

/** One exported run: its project directory and part files in order. */
export interface ExportedRun {
  projectDir: string
  name: string
  parts: string[]
}

const PART = /^(.*)_part_(\d+)\.parquet$/

function runsIn(projectDir: string, report: ImportReport): ExportedRun[] {
  const byRun = new Map<string, { n: number; file: string }[]>()
  for (const entry of readdirSync(projectDir, { withFileTypes: true })) {
    if (entry.isDirectory() && (entry.name === 'models' || entry.name === 'model_versions')) {
      skip(report, {
        file: join(projectDir, entry.name),
        reason: 'model registry exports are not imported (only runs)',
      })
      continue
    }
    const match = entry.isFile() ? PART.exec(entry.name) : null
    if (!match) continue
    const list = byRun.get(match[1]!) ?? []
    list.push({ n: Number(match[2]), file: join(projectDir, entry.name) })
    byRun.set(match[1]!, list)
  }
  const runs: ExportedRun[] = []
  for (const [name, parts] of [...byRun].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    parts.sort((a, b) => a.n - b.n)
    if (parts[0]?.n !== 0) {
      skip(report, {
        file: parts[0]!.file,
        reason: `run '${name}' has no part_0: the exporter had not finished it`,
      })
      continue
    }
    runs.push({ projectDir, name, parts: parts.map((p) => p.file) })
  }
  return runs
}

/** The exported runs under `src`: a data directory of project directories, or one project directory. */
export function findExportedRuns(src: string, report: ImportReport): ExportedRun[] {
  if (!existsSync(src) || !statSync(src).isDirectory()) {
    throw new NotFoundError('SOURCE_NOT_FOUND', `no directory at ${src}`, {
      hint: "Pass neptune-exporter's data path (its -d), e.g. ./exports/data.",
    })
  }
  const direct = readdirSync(src).some((n) => PART.test(n))
  if (direct) return runsIn(src, report)
  return readdirSync(src, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .flatMap((name) => runsIn(join(src, name), report))
}

/** The files root of a project directory: `<files>/<same sanitized name>`; `<data>/../files` by default. */
export function filesRootOf(projectDir: string, filesDir: string | undefined): string {
  return join(filesDir ?? join(projectDir, '..', '..', 'files'), basename(projectDir))
}
