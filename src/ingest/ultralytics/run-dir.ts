/**
 * Reads an Ultralytics run directory into an imported-run record: args.yaml as `parameters/<key>` atoms,
 * results.csv as one FloatSeries per column (step = the 1-based epoch, timestamp = start + the `time`
 * column's seconds), weights/best.pt and last.pt as `checkpoints/best` and `checkpoints/last` files,
 * epoch{E}.pt as the FileSeries `checkpoints/epochs`, batch images as FileSeries (`images/train_batch`,
 * `images/val_batch_labels`, `images/val_batch_pred`) and other plots as `plots/<stem>` files.
 *
 * @example
 * const record = readRunDir('runs/detect/train', report)
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { parse } from 'yaml'
import { NotFoundError } from '../../index.js'
import { emptyRun, type ImportedRun } from '../record.js'
import type { ImportReport } from '../report.js'
import { parseResults, type ResultsTable } from './results-csv.js'

/** The run's identity from args.yaml: its save_dir at training time names it across moves. */
export function runIdentity(dir: string, args: Record<string, unknown>): { key: string; name: string } {
  const saveDir = typeof args.save_dir === 'string' ? args.save_dir : resolve(dir)
  return { key: `ultralytics:${saveDir}`, name: typeof args.name === 'string' ? args.name : basename(dir) }
}

/** args.yaml as an object ({} when absent). */
export function readArgs(dir: string): Record<string, unknown> {
  const file = join(dir, 'args.yaml')
  if (!existsSync(file)) return {}
  const value: unknown = parse(readFileSync(file, 'utf8'))
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {}
}

/** The record's sys, experiment and parameters from args.yaml. */
export function startRecord(dir: string, args: Record<string, unknown>): ImportedRun {
  const { key, name } = runIdentity(dir, args)
  const record = emptyRun('ultralytics', key, name)
  const argsFile = join(dir, 'args.yaml')
  record.sys = {
    name,
    tags: ['Ultralytics'],
    ...(existsSync(argsFile) ? { creationTime: new Date(Math.floor(statSync(argsFile).mtimeMs)) } : {}),
  }
  if (typeof args.project === 'string') record.experiment = args.project
  for (const [k, v] of Object.entries(args)) {
    if (v === null || v === undefined) continue // Ultralytics' None: nothing to store
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string')
      record.atoms.push({ path: `parameters/${k}`, value: v })
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string'))
      record.stringSets.push({ path: `parameters/${k}`, values: v })
    else record.atoms.push({ path: `parameters/${k}`, value: JSON.stringify(v) })
  }
  return record
}

/** Adds results rows to `record` as series points. */
export function addRows(
  record: ImportedRun,
  table: Pick<ResultsTable, 'header' | 'rows'>,
  start: number,
): void {
  const epoch = table.header.indexOf('epoch')
  const time = table.header.indexOf('time')
  table.header.forEach((name, j) => {
    if (j === epoch) return
    let series = record.floatSeries.find((s) => s.path === name)
    if (!series) record.floatSeries.push((series = { path: name, steps: [], timestamps: [], values: [] }))
    for (const row of table.rows) {
      series.steps.push(epoch === -1 ? row.line - 1 : row.values[epoch]!)
      series.timestamps.push(time === -1 ? start : start + Math.round(row.values[time]! * 1000))
      series.values.push(row.values[j]!)
    }
  })
}

const BATCH = /^(train_batch|val_batch)(\d+)(_labels|_pred)?\.(jpg|png)$/

/** Weights and images of the run directory. */
export function addFiles(record: ImportedRun, dir: string, time: number): void {
  const weights = join(dir, 'weights')
  if (existsSync(weights)) {
    for (const n of ['best', 'last'])
      if (existsSync(join(weights, `${n}.pt`)))
        record.files.push({ path: `checkpoints/${n}`, input: join(weights, `${n}.pt`) })
    const epochs = readdirSync(weights)
      .map((n) => /^epoch(\d+)\.pt$/.exec(n))
      .filter((m) => m !== null)
      .sort((a, b) => Number(a[1]) - Number(b[1]))
    if (epochs.length)
      record.fileSeries.push({
        path: 'checkpoints/epochs',
        entries: epochs.map((m) => ({ step: Number(m[1]), timestamp: time, input: join(weights, m[0]) })),
      })
  }
  const series = new Map<string, ImportedRun['fileSeries'][number]>()
  for (const name of readdirSync(dir).sort()) {
    const m = BATCH.exec(name)
    if (m) {
      const path = `images/${m[1]}${m[3] ?? ''}`
      const s = series.get(path) ?? { path, entries: [] }
      s.entries.push({ step: Number(m[2]), timestamp: time, input: join(dir, name) })
      series.set(path, s)
    } else if (/\.(png|jpg)$/.test(name))
      record.files.push({ path: `plots/${name.replace(/\.(png|jpg)$/, '')}`, input: join(dir, name) })
  }
  for (const s of series.values())
    record.fileSeries.push({ path: s.path, entries: s.entries.sort((a, b) => a.step - b.step) })
}

/** The whole record of the run directory `dir` (a finished or running training). */
export function readRunDir(dir: string, report: ImportReport): ImportedRun {
  if (!existsSync(join(dir, 'results.csv')) && !existsSync(join(dir, 'args.yaml'))) {
    throw new NotFoundError('NOT_A_RUN_DIR', `${dir} has neither args.yaml nor results.csv`, {
      hint: 'Pass an Ultralytics run directory such as runs/detect/train.',
    })
  }
  const record = startRecord(dir, readArgs(dir))
  const start = record.sys.creationTime?.getTime() ?? 0
  const csv = join(dir, 'results.csv')
  if (existsSync(csv)) addRows(record, parseResults(readFileSync(csv, 'utf8'), csv, report), start)
  addFiles(record, dir, start)
  return record
}

/** Run directories under `src`: itself, or its subdirectories holding args.yaml or results.csv. */
export function runDirs(src: string): string[] {
  const isRun = (d: string) => existsSync(join(d, 'args.yaml')) || existsSync(join(d, 'results.csv'))
  if (isRun(src)) return [src]
  const found: string[] = []
  const walk = (d: string, depth: number) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (!e.isDirectory()) continue
      const sub = join(d, e.name)
      if (isRun(sub)) found.push(sub)
      else if (depth < 3) walk(sub, depth + 1)
    }
  }
  walk(src, 0)
  return found.sort()
}
