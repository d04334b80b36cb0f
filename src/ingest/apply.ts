/**
 * The shared apply step: writes imported-run records into a project through the engine. A run already
 * imported (same uuid, marked complete) is left exactly as it is; a run whose earlier import was
 * interrupted (no `import/complete`) is replaced whole; a record is validated before its first write.
 *
 * @example
 * const report = await applyRuns(project, records, newReport())
 * report.created   // ['DEMO-1', 'DEMO-2']
 */
import type { Project, Run } from '../index.js'
import { pointCount, stableUuid, type ImportedRun } from './record.js'
import type { ImportProgress, ImportReport } from './report.js'
import { validateRun } from './validate.js'

/** The field that marks a finished import. */
export const COMPLETE_PATH = 'import/complete'

/** Orders records parents first (a fork's parent must exist when the fork is created). */
export function parentsFirst(records: readonly ImportedRun[]): ImportedRun[] {
  const byKey = new Map(records.map((r) => [r.key, r]))
  const out: ImportedRun[] = []
  const seen = new Set<string>()
  const visit = (r: ImportedRun, depth: number): void => {
    if (seen.has(r.key) || depth > records.length) return
    const parent = r.forkFrom ? byKey.get(r.forkFrom.key) : undefined
    if (parent) visit(parent, depth + 1)
    seen.add(r.key)
    out.push(r)
  }
  for (const r of records) visit(r, 0)
  return out
}

/** Opens the record's run: created, found complete (null: leave it), or replaced when half-imported. */
export function openImported(project: Project, record: ImportedRun): { run: Run; created: boolean } {
  const options = {
    uuid: record.uuid,
    sys: record.sys,
    experiment: record.experiment,
    forkFrom: record.forkFrom
      ? { uuid: stableUuid(record.forkFrom.key), step: record.forkFrom.step }
      : undefined,
  }
  const found = project.importRun(options)
  if (found.created || found.run.field(COMPLETE_PATH).exists()) return found
  found.run.close()
  return project.importRun({ ...options, replace: true })
}

/** Writes the data of `record` into `run` (a run just created). */
export async function writeRecord(run: Run, record: ImportedRun): Promise<void> {
  run.assign('import', { source: record.source, key: record.key, original_id: record.originalId })
  for (const atom of record.atoms) run.field(atom.path).assign(atom.value)
  for (const set of record.stringSets) run.field(set.path).assign(set.values)
  for (const s of record.floatSeries)
    if (s.values.length) run.field(s.path).extend(s.values, { steps: s.steps, timestamps: s.timestamps })
  for (const s of record.stringSeries)
    if (s.values.length) run.field(s.path).extend(s.values, { steps: s.steps, timestamps: s.timestamps })
  for (const s of record.histogramSeries)
    if (s.values.length) run.field(s.path).extend(s.values, { steps: s.steps, timestamps: s.timestamps })
  for (const f of record.files)
    await run.field(f.path).upload(f.input, f.name === undefined ? {} : { name: f.name })
  for (const f of record.fileSets) await run.field(f.path).uploadFiles('**/*', { cwd: f.dir })
  for (const s of record.fileSeries) {
    for (const e of s.entries)
      await run.field(s.path).appendFile(e.input, {
        step: e.step,
        timestamp: e.timestamp,
        ...(e.name === undefined ? {} : { name: e.name }),
      })
  }
}

/**
 * Validates and writes each record (parents first). Runs already imported are counted as unchanged.
 * `file` names a record's source file in skip reports.
 */
export async function applyRuns(
  project: Project,
  records: readonly ImportedRun[],
  report: ImportReport,
  options: { progress?: ImportProgress; fileOf?: (r: ImportedRun) => string } = {},
): Promise<ImportReport> {
  const ordered = parentsFirst(records)
  const known = new Set([...records.map((r) => r.uuid), ...project.runs.list().map((r) => r.uuid)])
  let done = 0
  for (const record of ordered) {
    options.progress?.(done, ordered.length, record.originalId)
    if (record.forkFrom) {
      if (!known.has(stableUuid(record.forkFrom.key))) {
        report.skipped.push({
          file: options.fileOf?.(record) ?? record.key,
          run: record.originalId,
          reason: `fork parent '${record.forkFrom.key}' is not in the source; imported as a plain run`,
        })
        record.forkFrom = undefined
      }
    }
    const { run, created } = openImported(project, record)
    try {
      if (!created) {
        report.unchanged.push(run.id)
        continue
      }
      validateRun(record, report, options.fileOf?.(record) ?? record.key)
      await writeRecord(run, record)
      run.field(COMPLETE_PATH).assign(true)
      report.created.push(run.id)
      report.points += pointCount(record)
    } finally {
      run.close()
      done++
    }
  }
  options.progress?.(ordered.length, ordered.length, '')
  return report
}
