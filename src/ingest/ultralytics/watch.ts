/**
 * `watchUltralytics`: follows a training that is still running. It creates (or finds again) the run of
 * the directory, then adds each new complete results.csv row as it appears (chokidar), flushing after
 * each; `close()` stores the weights and plots, marks the import complete and closes the run.
 *
 * @example
 * const watcher = await watchUltralytics(project, 'runs/detect/train', { onRow: (epoch) => console.log(epoch) })
 * // … training appends rows …
 * await watcher.close()
 */
import { existsSync, openSync, readSync, closeSync, fstatSync } from 'node:fs'
import { join } from 'node:path'
import chokidar from 'chokidar'
import type { Project } from '../../index.js'
import { COMPLETE_PATH, openImported, writeRecord } from '../apply.js'
import { newReport, type ImportReport } from '../report.js'
import { emptyRun } from '../record.js'
import { parseResults } from './results-csv.js'
import { addFiles, readArgs, startRecord } from './run-dir.js'

/** A running watch. */
export interface UltralyticsWatcher {
  /** The Nereid id of the run being written. */
  readonly runId: string
  readonly report: ImportReport
  /** Stops watching, stores weights and plots, closes the run. */
  close(): Promise<void>
}

/** Options of watchUltralytics. */
export interface WatchOptions {
  /** Called after each row is written, with its epoch. */
  onRow?: (epoch: number) => void
  /** Poll instead of inotify (network filesystems). */
  usePolling?: boolean
  /** How often the file is also read without an event, in ms (default 500). */
  pollMs?: number
}

/** Starts following the run directory `dir`. */
export async function watchUltralytics(
  project: Project,
  dir: string,
  options: WatchOptions = {},
): Promise<UltralyticsWatcher> {
  const report = newReport()
  const record = startRecord(dir, readArgs(dir))
  const start = record.sys.creationTime?.getTime() ?? Date.now()
  const { run, created } = openImported(project, record)
  if (created) await writeRecord(run, record)
  run.flush()
  const csv = join(dir, 'results.csv')
  let header: string[] | undefined
  let offset = 0
  let line = 1
  let lastEpoch = -Infinity
  const readNew = () => {
    if (!existsSync(csv)) return
    const fd = openSync(csv, 'r')
    try {
      const size = fstatSync(fd).size
      if (size <= offset) return
      const buffer = Buffer.alloc(size - offset)
      readSync(fd, buffer, 0, buffer.length, offset)
      const table = parseResults(buffer.toString('utf8'), csv, report, header, line)
      header = table.header
      offset += table.consumed
      line += buffer.subarray(0, table.consumed).toString('utf8').split('\n').length - 1
      const epochAt = header.indexOf('epoch')
      const timeAt = header.indexOf('time')
      for (const row of table.rows) {
        const epoch = epochAt === -1 ? row.line - 1 : row.values[epochAt]!
        if (!(epoch > lastEpoch)) continue // already imported by an earlier watch
        const values: Record<string, number> = {}
        header.forEach((name, j) => {
          if (j !== epochAt) values[name] = row.values[j]!
        })
        run.log(values, {
          step: epoch,
          timestamp: timeAt === -1 ? Date.now() : start + Math.round(row.values[timeAt]! * 1000),
        })
        run.flush()
        lastEpoch = epoch
        report.points += Object.keys(values).length
        options.onRow?.(epoch)
      }
    } finally {
      closeSync(fd)
    }
  }
  // a watch resumed over an existing run goes on after its last epoch
  for (const path of ['time', 'train/box_loss', 'train/loss']) {
    if (run.field(path).exists()) {
      const steps = (run.field(path).fetchValues() as { steps: Float64Array }).steps
      if (steps.length) lastEpoch = steps[steps.length - 1]!
      break
    }
  }
  readNew()
  const watcher = chokidar.watch(dir, {
    depth: 0,
    ignoreInitial: true,
    usePolling: options.usePolling ?? false,
    interval: 100,
  })
  watcher.on('add', (path) => path === csv && readNew())
  watcher.on('change', (path) => path === csv && readNew())
  // chokidar may fold two quick writes into one event: a slow poll catches a row the events missed
  const poll = setInterval(readNew, options.pollMs ?? 500)
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()))
  return {
    runId: run.id,
    report,
    close: async () => {
      clearInterval(poll)
      await watcher.close()
      readNew()
      const files = emptyRun(record.source, record.key, record.originalId)
      addFiles(files, dir, start)
      files.atoms = []
      for (const f of files.files) await run.field(f.path).upload(f.input)
      for (const s of files.fileSeries) {
        const have = run.field(s.path).exists()
          ? run
              .field(s.path)
              .list()
              .map((e) => e.step)
          : []
        for (const e of s.entries)
          if (!have.includes(e.step))
            await run.field(s.path).appendFile(e.input, { step: e.step, timestamp: e.timestamp })
      }
      run.field(COMPLETE_PATH).assign(true)
      run.close()
    },
  }
}
