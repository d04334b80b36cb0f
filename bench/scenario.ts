/**
 * One layout through the whole series scenario, in a fresh temp directory deleted afterwards: log the
 * workload (timed from the first log() to the end of close(), resident memory sampled), measure the files,
 * log the 1M-point read series as a second run, then read it back and one series of the workload,
 * checking every point.
 *
 * @example
 * const result = await runScenario(nereid, 'nereid (1st)', { train, reads, readKey: 50 })
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Layout } from './layout.js'
import { bytesOf, collectGarbage, now, RssProbe, timeRepeated } from './measure.js'
import { checkRead, drive, type Workload } from './workload.js'

/** What a scenario logs and reads. */
export interface ScenarioPlan {
  /** The logging workload (run 'train'). */
  train: Workload
  /** The one-series workload logged as run 'reads' and read back whole. */
  reads: Workload
  /** Which series of `train` is read back. */
  readKey: number
}

/** Read timings of one series with one reader, in ms. */
export interface ReadTiming {
  reader: string
  first: number
  median: number
  min: number
  runs: number
}

/** Everything measured for one layout. */
export interface ScenarioResult {
  label: string
  layout: string
  points: number
  /** Opening the store and starting the run (not in logMs). */
  openMs: number
  /** Logging every step, then close (the final flush included). */
  logMs: number
  /** project.db / the files after close, with -wal when present. */
  bytes: number
  /** Resident set sizes in bytes: before logging, after each tenth of the steps, after close, peak. */
  rss: { start: number; tenths: number[]; closed: number; peak: number; samples: number }
  /** Logging the read series (one key per step). */
  readsLogMs: number
  readsBytes: number
  /** Reading the read series whole, per reader. */
  readSeries: ReadTiming[]
  /** Reading one series of the logging workload, per reader. */
  readTrain: ReadTiming[]
}

function timeReads(
  layout: Layout,
  dir: string,
  run: string,
  w: Workload,
  k: number,
  key: string,
  times: number,
  budgetMs: number,
): ReadTiming[] {
  const timings: ReadTiming[] = []
  for (const how of layout.readers ?? ['default']) {
    const reader = layout.openReader(dir, how === 'default' ? undefined : how)
    try {
      const t = timeRepeated(() => reader.read(run, key), times, budgetMs)
      checkRead(w, k, t.last, `${layout.name} (${how})`)
      timings.push({ reader: how, first: t.first, median: t.median, min: t.min, runs: t.runs })
    } finally {
      reader.close()
    }
    collectGarbage()
  }
  return timings
}

/** Runs the scenario for `layout`; `label` names the result (e.g. 'nereid (2nd)'). */
export async function runScenario(
  layout: Layout,
  label: string,
  plan: ScenarioPlan,
): Promise<ScenarioResult> {
  collectGarbage()
  const dir = mkdtempSync(join(tmpdir(), `nereid-bench-${layout.name}-`))
  try {
    const probe = new RssProbe(100)
    let t = now()
    const sink = layout.write(dir, 'train')
    const openMs = now() - t
    const start = probe.mark('start')
    t = now()
    await drive(plan.train, sink, probe)
    sink.close()
    const logMs = now() - t
    const closed = probe.mark('closed')
    const bytes = bytesOf(layout.files(dir))

    collectGarbage()
    t = now()
    const readsSink = layout.write(dir, 'reads')
    await drive(plan.reads, readsSink)
    readsSink.close()
    const readsLogMs = now() - t
    const readsBytes = bytesOf(layout.files(dir)) - bytes
    collectGarbage()

    const readSeries = timeReads(layout, dir, 'reads', plan.reads, 0, plan.reads.keys[0]!, 15, 10_000)
    const k = plan.readKey
    const readTrain = timeReads(layout, dir, 'train', plan.train, k, plan.train.keys[k]!, 15, 5_000)
    return {
      label,
      layout: layout.name,
      points: plan.train.metrics * plan.train.steps,
      openMs,
      logMs,
      bytes,
      rss: {
        start,
        tenths: Array.from({ length: 10 }, (_, i) => probe.marks.get(`${(i + 1) * 10}%`) ?? NaN),
        closed,
        peak: probe.peak,
        samples: probe.samples,
      },
      readsLogMs,
      readsBytes,
      readSeries,
      readTrain,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
