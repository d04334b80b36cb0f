/**
 * Printing the series benchmark: one table of absolute figures per layout, one of ratios Nereid/peer (the
 * figures that survive noisy shared cores), and the DESIGN.md budgets met or missed.
 *
 * @example
 * printReport(results, { driverMs: 120, readPoints: 1_000_000, trainSteps: 100_000 })
 */
import type { ReadTiming, ScenarioResult } from './scenario.js'

/** The budgets of DESIGN.md, "Performance budgets". */
export const GOALS = { pointsPerSecond: 5e6, bytesPerPoint: 10, readMs: 25, rssSecondHalfGrowth: 0.05 }

/** Context the report needs besides the results. */
export interface ReportContext {
  /** Time of the workload through a sink that stores nothing. */
  driverMs: number
  readPoints: number
  trainSteps: number
}

const MB = 1024 * 1024

/** A text table: the first column left-aligned, the others right-aligned. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd()
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

/** The fastest reader's timing (median of the repeated reads). */
export function bestRead(timings: readonly ReadTiming[]): ReadTiming {
  return timings.reduce((a, b) => (b.median < a.median ? b : a))
}

const pps = (r: ScenarioResult) => r.points / (r.logMs / 1000)
const bpp = (r: ScenarioResult) => r.bytes / r.points
const rssAt = (r: ScenarioResult, percent: number) => r.rss.tenths[percent / 10 - 1] ?? NaN
/** Relative RSS growth between two points of the logging (in % of the steps). */
const growth = (r: ScenarioResult, from: number, to = 100) => (rssAt(r, to) - rssAt(r, from)) / rssAt(r, from)
/** Peak RSS while logging minus RSS before the first log(): what logging added to the process. */
const rise = (r: ScenarioResult) => r.rss.peak - r.rss.start
const pct = (x: number) => `${x >= 0 ? '+' : ''}${fmt(x * 100, 1)}%`

function fmt(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '-'
}

function ms(x: number): string {
  return x < 10 ? fmt(x, 2) : x < 1000 ? fmt(x, 1) : fmt(x, 0)
}

function readCell(t: readonly ReadTiming[]): string {
  const best = bestRead(t)
  return t.length > 1 ? `${ms(best.median)} (${best.reader})` : ms(best.median)
}

/** The better figure of several runs of one layout: fastest logging, smallest file, fastest reads. */
function best(runs: readonly ScenarioResult[]): {
  pps: number
  bpp: number
  read: number
  readTrain: number
} {
  return {
    pps: Math.max(...runs.map(pps)),
    bpp: Math.min(...runs.map(bpp)),
    read: Math.min(...runs.map((r) => bestRead(r.readSeries).median)),
    readTrain: Math.min(...runs.map((r) => bestRead(r.readTrain).median)),
  }
}

function ratio(a: number, b: number): string {
  const r = a / b
  if (!Number.isFinite(r) || r <= 0) return '-'
  return r >= 100 || r < 0.01 ? r.toExponential(1) : r >= 10 ? r.toFixed(1) : r.toFixed(3)
}

/** Prints the figures, the ratios and the goals. */
export function printReport(results: readonly ScenarioResult[], context: ReportContext): void {
  const points = results[0]?.points ?? 0
  const readPts = `${(context.readPoints / 1e6).toFixed(context.readPoints % 1e6 ? 1 : 0)}M`
  const trainPts = `${context.trainSteps / 1000}k`
  console.log(
    `\nLogging ${points.toLocaleString('en')} points (points/s from the first log() to the end of close(), the final flush included); bytes after close.`,
  )
  console.log(
    `Reads: median of up to 15 repeated reads after one warm-up read; the ${readPts}-point series alone in its run, and one ${trainPts}-point series of the logging run.`,
  )
  console.log(
    `The loop alone (dicts built, no storage) takes ${ms(context.driverMs)} ms = ${fmt(points / context.driverMs / 1000, 2)} M points/s.\n`,
  )
  console.log(
    renderTable(
      [
        'layout',
        'log M pts/s',
        'log s',
        'bytes/pt',
        `read ${readPts} ms`,
        `read ${trainPts} ms`,
        'RSS MB start',
        '10%',
        '50%',
        '100%',
        'peak',
        'rise',
        '10->100%',
        '50->100%',
      ],
      results.map((r) => [
        r.label,
        fmt(pps(r) / 1e6, 3),
        fmt(r.logMs / 1000, 2),
        fmt(bpp(r), 2),
        readCell(r.readSeries),
        readCell(r.readTrain),
        fmt(r.rss.start / MB, 0),
        fmt(rssAt(r, 10) / MB, 0),
        fmt(rssAt(r, 50) / MB, 0),
        fmt(rssAt(r, 100) / MB, 0),
        fmt(r.rss.peak / MB, 0),
        fmt(rise(r) / MB, 0),
        pct(growth(r, 10)),
        pct(growth(r, 50)),
      ]),
    ),
  )

  console.log('\nDetails (first read = the warm-up read, right after opening):')
  for (const r of results) {
    const curve = r.rss.tenths.map((x) => fmt(x / MB, 0)).join(' ')
    console.log(
      `  ${r.label}: open ${ms(r.openMs)} ms; RSS MB at each tenth of the logging: ${curve}; after close ${fmt(r.rss.closed / MB, 0)}`,
    )
    const reads = [
      ...r.readSeries.map((t) => ['read', t] as const),
      ...r.readTrain.map((t) => ['train', t] as const),
    ]
      .map(
        ([what, t]) =>
          `${what}/${t.reader}: first ${ms(t.first)} ms, median ${ms(t.median)} ms (min ${ms(t.min)}) of ${t.runs}`,
      )
      .join('; ')
    console.log(
      `  ${' '.repeat(r.label.length)}  ${readPts} single-series log ${fmt(context.readPoints / r.readsLogMs / 1000, 3)} M pts/s, ${fmt(r.readsBytes / context.readPoints, 2)} bytes/pt; ${reads}`,
    )
  }

  const nereidRuns = results.filter((r) => r.layout === 'nereid')
  const peers = results.filter((r) => r.layout !== 'nereid')
  if (nereidRuns.length === 0) return
  const n = best(nereidRuns)
  if (peers.length > 0) {
    console.log(
      `\nRatios Nereid/peer (Nereid: the better of its ${nereidRuns.length} run(s); RSS rise: its first run). points/s: >1 = Nereid faster; bytes, read ms, RSS rise: <1 = Nereid smaller/faster.`,
    )
    console.log(
      'RSS is per process and each layout starts where the previous one left it, so absolute peaks are not compared; the rise (peak - start) is.',
    )
    const nRise = rise(nereidRuns[0]!)
    console.log(
      renderTable(
        ['peer', 'points/s', 'bytes/pt', `read ${readPts}`, `read ${trainPts}`, 'RSS rise'],
        peers.map((p) => {
          const b = best([p])
          return [
            p.label,
            ratio(n.pps, b.pps),
            ratio(n.bpp, b.bpp),
            ratio(n.read, b.read),
            ratio(n.readTrain, b.readTrain),
            ratio(nRise, rise(p)),
          ]
        }),
      ),
    )
  }

  const flat = nereidRuns.map(
    (r) =>
      `${r.label} ${pct(growth(r, 50))} (${fmt(rssAt(r, 50) / MB, 0)} -> ${fmt(rssAt(r, 100) / MB, 0)} MB; from 10%: ${pct(growth(r, 10))}, peak ${fmt(r.rss.peak / MB, 0)} MB)`,
  )
  const verdict = (ok: boolean) => (ok ? 'MET   ' : 'MISSED')
  const each = (f: (r: ScenarioResult) => string) =>
    nereidRuns.length > 1 ? ` (${nereidRuns.map((r) => `${r.label}: ${f(r)}`).join(', ')})` : ''
  console.log(
    `\nGoals (DESIGN.md "Performance budgets"), Nereid, the better of its runs${nereidRuns.length > 1 ? ', each run in brackets' : ''}:`,
  )
  console.log(
    `  ${verdict(n.pps >= GOALS.pointsPerSecond)} log >= 5 M points/s: ${fmt(n.pps / 1e6, 3)} M points/s${each((r) => fmt(pps(r) / 1e6, 3))}`,
  )
  console.log(
    `  ${verdict(n.bpp <= GOALS.bytesPerPoint)} <= 10 bytes/point: ${fmt(n.bpp, 2)} bytes/point${each((r) => fmt(bpp(r), 2))}`,
  )
  console.log(
    `  ${verdict(n.read <= GOALS.readMs)} read a ${readPts}-point series <= 25 ms: ${ms(n.read)} ms median${each((r) => `${ms(bestRead(r.readSeries).median)} ms`)}`,
  )
  console.log(
    `  ${verdict(nereidRuns.every((r) => growth(r, 50) <= GOALS.rssSecondHalfGrowth))} RSS flat while logging (growth over the second half of the steps <= 5%): ${flat.join('; ')}`,
  )
}
