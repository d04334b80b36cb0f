/**
 * `npm run bench:overhead`: what logging costs a training loop. Each step does calibrated CPU work
 * (`--work-us`, default 100 µs and 10 µs) and logs `--metrics` floats (default 10) with
 * `run.log(dict, { step })`; the same work without the log call is the baseline. The two alternate in
 * blocks of `--block` steps (pairs, so a loaded machine's drift hits both). The log call's overhead is
 * the median over pairs of the extra time, over a plain block's; the flushes, one per second of the
 * loop (the default flushMs), are timed apart and added. Prints the median and spread over `--repeats`.
 *
 * @example
 * npm run bench:overhead -- --repeats=7 --steps=20000
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
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

/** Iterations of {@link work} that take `us` microseconds here (median of several timings). */
function calibrate(us: number): number {
  let n = 1000
  for (;;) {
    const times: number[] = []
    for (let r = 0; r < 21; r++) {
      const t = now()
      for (let k = 0; k < 10; k++) work(n)
      times.push((now() - t) / 10)
    }
    const ms = median(times)
    if (ms > 0.005) return Math.round((n * us) / 1000 / ms)
    n *= 4
  }
}

interface Logged {
  log(values: Record<string, number>, options: { step: number }): void
  flush(): void
}

/** One repeat's overheads, as fractions of the loop's time without logging. */
interface Overhead {
  log: number
  flush: number
  total: number
}

/**
 * One repeat: blocks of `block` steps alternate between work alone and work + log (pairs); every
 * `flushEvery` steps the run is flushed, timed apart (its automatic flushes are held off, so each lands
 * here). The log call's cost is the median over pairs of (logged - plain), robust to a loaded machine's
 * spikes; the flushes' is their total time over the plain loop's.
 */
async function repeat(
  run: Logged,
  keys: readonly string[],
  iterations: number,
  steps: number,
  block: number,
  flushEvery: number,
): Promise<Overhead> {
  const plain: number[] = []
  const extra: number[] = []
  let flushMs = 0
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
  const plainBlock = (): number => {
    const t = now()
    for (let i = 0; i < block; i++) work(iterations)
    return now() - t
  }
  for (let done = 0; done < steps; done += block) {
    // ABBA: which half of a pair runs first alternates, so neither is favoured by its place
    const first = (done / block) % 2 === 0
    const p0 = first ? plainBlock() : 0
    const l = loggedBlock()
    const p = first ? p0 : plainBlock()
    let t: number
    plain.push(p)
    extra.push(l - p)
    if ((done + block) % flushEvery < block) {
      t = now()
      run.flush()
      flushMs += now() - t
    }
    if ((done / block) % 25 === 0) await yieldToEventLoop()
  }
  const t = now()
  run.flush()
  flushMs += now() - t
  const plainMs = median(plain)
  const log = median(extra) / plainMs
  const flush = flushMs / ((plainMs * steps) / block)
  return { log, flush, total: log + flush }
}

type Open = (
  dir: string,
  options: object,
) => { startRun(o: object): Logged & { close(): void }; close(): void }

async function measure(
  openProject: Open,
  workUs: number,
  metrics: number,
  steps: number,
  repeats: number,
  block: number,
) {
  const iterations = calibrate(workUs)
  const keys = Array.from({ length: metrics }, (_, k) => `train/metric_${String(k).padStart(2, '0')}`)
  // a flush per second of the loop, as the default flushMs (1000) gives
  const flushEvery = Math.max(block, Math.round(1e6 / workUs))
  const results: Overhead[] = []
  for (let r = 0; r < repeats; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'nereid-overhead-'))
    const project = openProject(dir, { flushMs: 3_600_000, maxBufferedPoints: 1e9 })
    const run = project.startRun({ name: 'train' })
    results.push(await repeat(run, keys, iterations, steps, block, flushEvery))
    run.close()
    project.close()
    rmSync(dir, { recursive: true, force: true })
  }
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`
  const stat = (key: keyof Overhead) => {
    const xs = results.map((r) => r[key])
    return `${pct(median(xs))} (${pct(Math.min(...xs))}..${pct(Math.max(...xs))})`
  }
  const pointsPerSecond = (metrics * 1e6) / workUs
  console.log(
    `${workUs} µs/step, ${metrics} metrics (~${(pointsPerSecond / 1000).toFixed(0)}k points/s): overhead ${stat('total')}: the log call ${stat('log')}, flushes ${stat('flush')}`,
  )
}

async function main(): Promise<void> {
  const metrics = Number(option('metrics', '10'))
  const steps = Number(option('steps', '30000'))
  const repeats = Number(option('repeats', '7'))
  const block = Number(option('block', '20'))
  const works = option('work-us', '100,10').split(',').map(Number)
  process.env.NEREID_CAPTURE ??= '0' // the training loop's cost, not stdout and hardware capture
  console.log(`Logging overhead: ${steps} steps per repeat, ${repeats} repeats, blocks of ${block} steps.`)
  // --build=DIR measures another checkout's build (DIR/dist/src/index.js), e.g. main's, for a before/after
  const build = option('build', '')
  const openProject = (
    build === ''
      ? thisBuild
      : (await import(pathToFileURL(join(resolve(build), 'dist/src/index.js')).href)).openProject
  ) as Open
  for (const workUs of works) await measure(openProject, workUs, metrics, steps, repeats, block)
  if (sink === 42) console.log('') // keeps the work observable
}

await main()
