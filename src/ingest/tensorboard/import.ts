/**
 * `importTensorboard`: one run per directory holding `events.out.tfevents.*` files (read in name order).
 * Scalars become FloatSeries, text StringSeries, images a FileSeries, histograms a HistogramSeries;
 * the step is the event's step and the timestamp its wall time (to the millisecond). The run's stable id
 * is its first event file's name (it carries the writer's start time, host and pid), so a moved log
 * directory is recognised.
 *
 * @example
 * await importTensorboard(project, 'runs/')
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import type { Histogram, Project } from '../../index.js'
import { NotFoundError } from '../../index.js'
import { applyRuns } from '../apply.js'
import { recordedImport, type ImporterOptions } from '../recorded.js'
import { emptyRun, sortByStep, type ImportedRun, type ImportedSeries } from '../record.js'
import { newReport, skip, type ImportProgress, type ImportReport } from '../report.js'
import { Event, type EventMessage } from './protos.js'
import { valueOf } from './scalars.js'
import { readRecords } from './tfrecord.js'

const EVENT_FILE = /^events\.out\.tfevents\./

/** Directories under `src` (itself included) that hold event files, sorted. */
export function eventDirs(src: string): string[] {
  const dirs: string[] = []
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true })
    if (entries.some((e) => e.isFile() && EVENT_FILE.test(e.name))) dirs.push(dir)
    for (const e of entries) if (e.isDirectory()) walk(join(dir, e.name))
  }
  walk(src)
  return dirs.sort()
}

/** A tag as a field path: empty segments dropped. */
function pathOf(tag: string): string {
  return (
    tag
      .split('/')
      .filter((s) => s !== '')
      .join('/') || 'untitled'
  )
}

function seriesOf<T>(map: Map<string, ImportedSeries<T>>, path: string): ImportedSeries<T> {
  let s = map.get(path)
  if (!s) map.set(path, (s = { path, steps: [], timestamps: [], values: [] }))
  return s
}

const stepNumber = (step: EventMessage['step']): number =>
  typeof step === 'object' && step !== null && 'toNumber' in step ? step.toNumber() : Number(step ?? 0)

/** The record of the run in `dir` (`src` is the import root, for its name). */
export function readEventDir(dir: string, src: string, report: ImportReport): ImportedRun {
  const files = readdirSync(dir)
    .filter((n) => EVENT_FILE.test(n))
    .sort()
  const record = emptyRun('tensorboard', `tensorboard:${files[0]}`, relative(src, dir) || basename(dir))
  record.sys.name = record.originalId
  const floats = new Map<string, ImportedSeries<number>>()
  const texts = new Map<string, ImportedSeries<string>>()
  const histograms = new Map<string, ImportedSeries<Histogram>>()
  const images = new Map<string, ImportedRun['fileSeries'][number]>()
  const reportedOther = new Set<string>()
  let firstTime: number | undefined
  for (const name of files) {
    const file = join(dir, name)
    readRecords(readFileSync(file), file, report).forEach((bytes, i) => {
      let event: EventMessage
      try {
        event = Event.decode(bytes) as unknown as EventMessage
      } catch (error) {
        skip(report, {
          file,
          row: i + 1,
          reason: `record ${i + 1} is not an Event (${(error as Error).message})`,
        })
        return
      }
      const time = Math.round((event.wallTime ?? 0) * 1000)
      firstTime ??= time
      const step = stepNumber(event.step)
      for (const value of event.summary?.value ?? []) {
        const path = pathOf(value.tag ?? '')
        const content = valueOf(value)
        if (content.kind === 'number') push(seriesOf(floats, path), step, time, content.value)
        else if (content.kind === 'text') push(seriesOf(texts, path), step, time, content.value)
        else if (content.kind === 'histogram') push(seriesOf(histograms, path), step, time, content.histogram)
        else if (content.kind === 'image') {
          let s = images.get(path)
          if (!s) images.set(path, (s = { path, entries: [] }))
          s.entries.push({
            step,
            timestamp: time,
            input: content.bytes,
            name: `${path.split('/').pop()}-${step}.png`,
          })
        } else if (!reportedOther.has(path)) {
          reportedOther.add(path)
          skip(report, {
            file,
            row: i + 1,
            run: record.originalId,
            reason: `tag '${value.tag}' holds ${content.what}, which Nereid does not import`,
          })
        }
      }
    })
  }
  if (firstTime !== undefined) record.sys.creationTime = new Date(firstTime)
  record.floatSeries = [...floats.values()].map(sortByStep)
  record.stringSeries = [...texts.values()].map(sortByStep)
  record.histogramSeries = [...histograms.values()].map(sortByStep)
  record.fileSeries = [...images.values()].map((s) => ({
    path: s.path,
    entries: [...s.entries].sort((a, b) => a.step - b.step),
  }))
  return record
}

function push<T>(s: ImportedSeries<T>, step: number, time: number, value: T): void {
  s.steps.push(step)
  s.timestamps.push(time)
  s.values.push(value)
}

/** Imports every event directory under `src`; a re-import changes nothing. */
async function importTensorboardNow(
  project: Project,
  src: string,
  options: { progress?: ImportProgress } = {},
): Promise<ImportReport> {
  if (!existsSync(src) || !statSync(src).isDirectory())
    throw new NotFoundError('SOURCE_NOT_FOUND', `no directory at ${src}`, {
      hint: 'Pass the log directory given to TensorBoard (--logdir).',
    })
  const report = newReport()
  const records = eventDirs(src).map((dir) => readEventDir(dir, src, report))
  return applyRuns(project, records, report, { ...options, fileOf: (r) => join(src, r.originalId) })
}

/** {@link importTensorboardNow} as the recorded operation `import-from:tensorboard` (progress, cancellation; see recorded.ts). */
export function importTensorboard(
  project: Project,
  src: string,
  options: ImporterOptions = {},
): Promise<ImportReport> {
  return recordedImport(project, 'tensorboard', options, (progress) =>
    importTensorboardNow(project, src, { ...options, progress }),
  )
}
