/**
 * `npm run bench:overhead`: what logging costs a training loop. Each step does calibrated CPU work
 * (`--work-us`, default 100 µs and 10 µs) and logs `--metrics` floats (default 10) with
 * `run.log(dict, { step })`; the same work without the log call is the baseline. The two alternate in
 * blocks of `--block` steps (pairs, ABBA, so a loaded machine's drift hits both). Flushes happen as in a
 * real loop — automatically, every `flushMs` (1000) or `maxBufferedPoints` (262144) — inside the logged
 * blocks, so they are part of the logged time; each repeat starts with one warm-up flush (the fields
 * created, statements prepared), timed apart as "first flush".
 *
 * Per repeat: the log call = median over pairs of (logged - plain) over the median plain block (a
 * typical step, no flush); total = sum of (logged - plain) over the sum of plain (everything: flushes,
 * garbage collection, a flush worker's competition for the cores); CPU = the process's CPU time (all
 * threads) over the loop's wall time (1.00 = one core busy; less when the machine's load deschedules
 * it). The flush modes
 * (`--flush=inline,worker`) alternate repeat by repeat in one process; printed: medians and spread over
 * `--repeats`, and the median of the paired per-repeat ratio of totals.
 *
 * @example
 * npm run bench:overhead -- --repeats=9 --seconds=3 --flush=inline,worker
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { openProject as thisBuild } from '../src/index.js'
import { median, now } from './measure.js'
import { valueAt } from './workload.js'

function option(name: string, fallback: string): string {
  const prefix = `--${name}=`
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length) ?? fallback
}

let sink = 0
/** CPU work of `n` dependent multiply-adds (not optimized away: the result is kept). */
function work(n: number): void {
  let x = sink
  for (let i = 0; i < n; i++) x = x * 0.999999 + 1e-7
  sink = x
}

/**
 * Iterations of {@link work} that take `us` microseconds here: `work` is first run long enough to be
 * optimized (a cold calibration would time interpreted code and make every step far shorter), then timed
 * over ~2 ms calls; the fastest of 21 is taken (a loaded machine only ever makes a call slower).
 */
function calibrate(us: number): number {
  for (let i = 0; i < 200; i++) work(100_000)
  let n = 1000
  for (;;) {
    const times: number[] = []
    for (let r = 0; r < 21; r++) {
      const t = now()
      work(n)
      times.push(now() - t)
    }
    const ms = Math.min(...times)
    if (ms > 2) return Math.round((n * us) / 1000 / ms)
    n *= 2
  }
}

interface Logged {
  log(values: Record<string, number>, options: { step: number }): void
  flush(): void
}

/** One repeat's overheads, as fractions of the loop's time without logging. */
interface Overhead {
  /** A plain step's time (the median plain block's over its steps), µs. */
  stepUs: number
  log: number
  total: number
  /** CPU time of the process (all threads) over the loop's wall time: a flush worker's share shows here. */
  cpu: number
  /** CPU time of the process (all threads) over the loop, and of its plain blocks alone, ms. */
  loopCpu: number
  plainCpu: number
  /** The warm-up flush (first points of new fields), ms. */
  first: number
}

function cpuMs(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

/**
 * One repeat of `steps` steps: blocks of `block` steps alternate between work alone and work + log
 * (pairs, ABBA); the run flushes by itself, inside the logged blocks.
 */
async function repeat(
  run: Logged,
  keys: readonly string[],
  iterations: number,
  steps: number,
  block: number,
): Promise<Overhead> {
  const plain: number[] = []
  const extra: number[] = []
  let step = 0
  const dict: Record<string, number> = {}
  const loggedBlock = (): number => {
    const t = now()
    for (let i = 0; i < block; i++, step++) {
      work(iterations)
      for (let k = 0; k < keys.length; k++) dict[keys[k]!] = valueAt(step, k, keys.length)
      run.log(dict, { step })
    }
    return now() - t
  }
  let plainCpu = 0
  const plainBlock = (): number => {
    const c = cpuMs()
    const t = now()
    for (let i = 0; i < block; i++) work(iterations)
    const ms = now() - t
    plainCpu += cpuMs() - c
    return ms
  }
  // warm-up: the fields are created and the statements prepared by the first flush
  loggedBlock()
  const t = now()
  run.flush()
  const first = now() - t
  const cpu0 = cpuMs()
  const wall0 = now()
  for (let done = 0; done < steps; done += block) {
    const plainFirst = (done / block) % 2 === 0
    const p0 = plainFirst ? plainBlock() : 0
    const l = loggedBlock()
    const p = plainFirst ? p0 : plainBlock()
    plain.push(p)
    extra.push(l - p)
    if ((done / block) % 25 === 0) await yieldToEventLoop() // timers (a flush worker's answers need none)
  }
  const loopCpu = cpuMs() - cpu0
  const cpu = loopCpu / (now() - wall0)
  run.flush() // the last flush's wait is no cost of the loop, but it must not spill into the next repeat
  const plainMs = median(plain)
  const plainSum = plain.reduce((a, b) => a + b, 0)
  return {
    stepUs: (plainMs / block) * 1000,
    log: median(extra) / plainMs,
    total: extra.reduce((a, b) => a + b, 0) / plainSum,
    cpu,
    loopCpu,
    plainCpu,
    first,
  }
}

type Open = (
  dir: string,
  options: object,
) => { startRun(o: object): Logged & { close(): void }; close(): void }

type FlushMode = 'inline' | 'worker'

async function measure(
  openProject: Open,
  modes: readonly FlushMode[],
  workUs: number,
  metrics: number,
  seconds: number,
  repeats: number,
  block: number,
) {
  const iterations = calibrate(workUs)
  const keys = Array.from({ length: metrics }, (_, k) => `train/metric_${String(k).padStart(2, '0')}`)
  const steps = Math.round((seconds * 1e6) / workUs / block) * block
  const results = new Map<FlushMode, Overhead[]>(modes.map((m) => [m, []]))
  for (let r = 0; r < repeats; r++) {
    // the modes alternate, and which goes first alternates too
    const order = r % 2 === 0 ? modes : [...modes].reverse()
    for (const mode of order) {
      const dir = mkdtempSync(join(tmpdir(), 'nereid-overhead-'))
      const project = openProject(dir, {})
      const run = project.startRun({ name: 'train', ...(mode === 'inline' ? {} : { flush: mode }) })
      results.get(mode)!.push(await repeat(run, keys, iterations, steps, block))
      run.close()
      project.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`
  const stat = (xs: number[], f: (x: number) => string) =>
    `${f(median(xs))} (${f(Math.min(...xs))}..${f(Math.max(...xs))})`
  const pointsPerSecond = (metrics * 1e6) / workUs
  console.log(
    `${workUs} µs/step, ${metrics} metrics (~${(pointsPerSecond / 1000).toFixed(0)}k points/s), ${steps} steps x ${repeats} repeats:`,
  )
  for (const mode of modes) {
    const rs = results.get(mode)!
    console.log(
      `  ${mode.padEnd(6)} step ${stat(
        rs.map((x) => x.stepUs),
        (x) => `${x.toFixed(0)} µs`,
      )}; total ${stat(
        rs.map((x) => x.total),
        pct,
      )}; the log call ${stat(
        rs.map((x) => x.log),
        pct,
      )}; CPU/wall ${stat(
        rs.map((x) => x.cpu),
        (x) => x.toFixed(3),
      )}; first flush ${stat(
        rs.map((x) => x.first),
        (ms) => `${ms.toFixed(1)} ms`,
      )}`,
    )
  }
  if (modes.length === 2) {
    const [a, b] = modes.map((m) => results.get(m)!)
    const ratios = a!.map((x, i) => b![i]!.total / x.total)
    console.log(`  paired total ${modes[1]}/${modes[0]}: ${stat(ratios, (x) => `x${x.toFixed(2)}`)}`)
    // CPU: the first mode's plain blocks (no other thread busy when it is 'inline') are the work's CPU
    // time; each mode's loop, all threads, less twice that, is what its logging cost in CPU
    const extraCpu = (mode: number) =>
      a!.map((x, i) => ((mode === 0 ? x : b![i]!).loopCpu - 2 * x.plainCpu) / x.plainCpu)
    console.log(
      `  CPU time of logging, all threads, over the work's: ${modes[0]} ${stat(extraCpu(0), pct)}, ${modes[1]} ${stat(extraCpu(1), pct)}`,
    )
  }
}

async function main(): Promise<void> {
  const metrics = Number(option('metrics', '10'))
  const seconds = Number(option('seconds', '3'))
  const repeats = Number(option('repeats', '7'))
  const modes = option('flush', 'inline,worker').split(',') as FlushMode[]
  const block = Number(option('block', '20'))
  const works = option('work-us', '100,10').split(',').map(Number)
  process.env.NEREID_CAPTURE ??= '0' // the training loop's cost, not stdout and hardware capture
  console.log(
    `Logging overhead: ~${seconds} s of loop per repeat, ${repeats} repeats, blocks of ${block} steps; load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}.`,
  )
  // --build=DIR measures another checkout's build (DIR/dist/src/index.js), e.g. main's, for a before/after
  const build = option('build', '')
  const openProject = (
    build === ''
      ? thisBuild
      : (await import(pathToFileURL(join(resolve(build), 'dist/src/index.js')).href)).openProject
  ) as Open
  for (const workUs of works) await measure(openProject, modes, workUs, metrics, seconds, repeats, block)
  console.log(
    `load average after: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  )
  if (sink === 42) console.log('') // keeps the work observable
}

await main()
