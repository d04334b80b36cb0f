/**
 * The oplog on this machine: (1) merge throughput — W writers' oplog files of float points merged by
 * project.merge(), beside the same workload logged straight into project.db in the same process (points/s
 * and the ratio); (2) the delay from a writer's flush to the point being readable in project.db while
 * `watchInbox` merges (as `nereid watch` and `nereid serve` do), p50/p99 over a child writer logging a
 * point every 20 ms, with inotify events and with chokidar polling (what a network file system needs).
 *
 * @example
 * npm run bench:oplog                                  # 2 M points, 300 delay samples per mode
 * node dist/bench/oplog.bench.js --points=200000 --samples=100
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openProject } from '../src/index.js'
import { watchInbox } from '../src/ingest/index.js'
import { now } from './measure.js'

const arg = (name: string, fallback: number): number => {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`))
  return a ? Number(a.slice(name.length + 3)) : fallback
}
const POINTS = arg('points', 2_000_000)
const SAMPLES = arg('samples', 300)
const WRITERS = 8
const SERIES = 10
const STEPS = Math.ceil(POINTS / WRITERS / SERIES)
const root = mkdtempSync(join(tmpdir(), 'nereid-oplog-bench-'))

/** Logs the workload (WRITERS runs × SERIES series × STEPS steps) through `open(i)`'s projects. */
interface Writer {
  startRun(options: { customRunId: string }): {
    log(values: Record<string, number>, o: { step: number }): void
  }
  close(): void
}

function logWorkload(open: (i: number) => Writer): number {
  const t = now()
  for (let w = 0; w < WRITERS; w++) {
    const project = open(w)
    const run = project.startRun({ customRunId: `w-${w}` })
    const names = Array.from({ length: SERIES }, (_, s) => `train/m${s}`)
    for (let step = 0; step < STEPS; step++) {
      const values: Record<string, number> = {}
      for (const name of names) values[name] = Math.sin(step * 0.001) + step
      run.log(values, { step })
    }
    project.close()
  }
  return now() - t
}

const rate = (points: number, ms: number): string => `${(((points / ms) * 1000) / 1e6).toFixed(2)} M/s`

async function throughput(): Promise<void> {
  const points = WRITERS * SERIES * STEPS
  const oplogDir = join(root, 'oplog')
  const writeMs = logWorkload(() => openProject(oplogDir, { mode: 'oplog', flushMs: 60_000 }))
  const project = openProject(oplogDir, { mode: 'db' })
  const t = now()
  const report = await project.merge()
  const mergeMs = now() - t
  project.close()
  if (report.points !== points) throw new Error(`merged ${report.points} points, expected ${points}`)
  // the peer: one project.db opened once, the same runs logged into it (its close flushes them)
  const direct = openProject(join(root, 'direct'), { mode: 'db', flushMs: 60_000 })
  const directMs = logWorkload(() => ({ startRun: (o) => direct.startRun(o), close: () => {} }))
  const closeAt = now()
  direct.close()
  const directTotalMs = directMs + (now() - closeAt)
  console.log(`merge throughput: ${WRITERS} writers × ${SERIES} series × ${STEPS} steps = ${points} points`)
  console.log(`  oplog write (8 files)      ${writeMs.toFixed(0).padStart(7)} ms  ${rate(points, writeMs)}`)
  console.log(`  project.merge()            ${mergeMs.toFixed(0).padStart(7)} ms  ${rate(points, mergeMs)}`)
  console.log(
    `  direct database logging    ${directTotalMs.toFixed(0).padStart(7)} ms  ${rate(points, directTotalMs)}`,
  )
  console.log(`  merge / direct logging     ${(directTotalMs / mergeMs).toFixed(2)}× the direct rate`)
  console.log(
    `  write + merge / direct     ${(directTotalMs / (writeMs + mergeMs)).toFixed(2)}× the direct rate`,
  )
}

const pct = (xs: number[], p: number): number =>
  xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!

async function delay(usePolling: boolean): Promise<void> {
  const dir = join(root, usePolling ? 'delay-poll' : 'delay-events')
  const project = openProject(dir, { mode: 'db', key: 'D' })
  const watcher = watchInbox(project, { usePolling, pollMs: 1000 })
  const writer = spawn(
    process.execPath,
    [join(dirname(fileURLToPath(import.meta.url)), 'oplog-writer.js'), dir, String(SAMPLES), '20'],
    { stdio: 'inherit' },
  )
  const ended = new Promise((resolve) => writer.on('close', resolve))
  const delays: number[] = []
  let last = -1
  let endedAt: number | undefined
  void ended.then(() => (endedAt = Date.now()))
  // read until the last point is seen (or 10 s after the writer ended, should a point never come)
  while (last < SAMPLES - 1 && (endedAt === undefined || Date.now() - endedAt < 10_000)) {
    await new Promise((resolve) => setTimeout(resolve, 2))
    const run = project.runs.list()[0]
    if (!run) continue
    const field = project.runs.get(run.id).field('written')
    if (!field.exists()) continue
    const seen = Date.now()
    const got = field.fetchValues({ after: last }) as { steps: ArrayLike<number>; values: ArrayLike<number> }
    for (let i = 0; i < got.values.length; i++) delays.push(seen - got.values[i]!)
    if (got.steps.length) last = got.steps[got.steps.length - 1]!
  }
  await ended
  await watcher.close()
  project.close()
  delays.sort((a, b) => a - b)
  console.log(
    `  ${usePolling ? 'chokidar polling ' : 'inotify events   '}  n=${delays.length}  p50 ${pct(delays, 50)} ms  p99 ${pct(delays, 99)} ms  max ${delays.at(-1)} ms  (goal p99 ≤ 2000 ms)`,
  )
}

try {
  await throughput()
  console.log(`delay from a writer's flush to readable in project.db under watch (a point every 20 ms):`)
  await delay(false)
  await delay(true)
} finally {
  rmSync(root, { recursive: true, force: true })
}
