/**
 * Measuring helpers for the benchmarks: a monotonic clock, repeated timing, resident-memory probes, file
 * sizes and a best-effort garbage collection between scenarios.
 *
 * @example
 * const probe = new RssProbe(); probe.sample(); probe.mark('10%'); probe.peak   // bytes
 * const ms = timeRepeated(() => reader.read('r', 'k'), 5).median
 */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { runInNewContext } from 'node:vm'
import { setFlagsFromString } from 'node:v8'

/** Milliseconds on a monotonic clock. */
export function now(): number {
  return performance.now()
}

/** The median of `xs` (not empty). */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Times one warm-up call (`first`) then up to `times` more calls, stopping early once `budgetMs` is spent
 * (at least one more call), in ms.
 */
export function timeRepeated<T>(
  fn: () => T,
  times: number,
  budgetMs = Infinity,
): { first: number; median: number; min: number; runs: number; last: T } {
  let t = now()
  let last = fn()
  const first = now() - t
  const runs: number[] = []
  let spent = 0
  while (runs.length < times && (runs.length === 0 || spent + first < budgetMs)) {
    t = now()
    last = fn()
    const ms = now() - t
    runs.push(ms)
    spent += ms
  }
  return { first, median: median(runs), min: Math.min(...runs), runs: runs.length, last }
}

/**
 * The median of `repeats` timed calls of `fn` after one warm-up, each after an untimed `before()`, in ms.
 *
 * @example
 * timeMedian(() => field.fetchBuckets({ buckets: 1000 }), 15, () => reopen())
 */
export function timeMedian(fn: () => unknown, repeats = 15, before: () => void = () => {}): number {
  fn()
  const times: number[] = []
  for (let i = 0; i < repeats; i++) {
    before()
    const start = now()
    fn()
    times.push(now() - start)
  }
  return median(times)
}

/** Total size in bytes of those of `files` that exist. */
export function bytesOf(files: readonly string[]): number {
  let total = 0
  for (const file of files) {
    try {
      total += statSync(file).size
    } catch {
      // not there (a WAL file removed by the last close)
    }
  }
  return total
}

let gcFunction: (() => void) | undefined | null = null

/** Runs a full garbage collection when V8 lets us (so one scenario's garbage does not count in the next). */
export function collectGarbage(): void {
  if (gcFunction === null) {
    try {
      setFlagsFromString('--expose-gc')
      gcFunction = runInNewContext('gc') as () => void
    } catch {
      gcFunction = undefined
    }
  }
  gcFunction?.()
}

/**
 * Samples the process's resident set size at most every `everyMs` (call `sample()` often; it is cheap
 * between samples) and at named marks.
 */
export class RssProbe {
  peak = 0
  readonly marks = new Map<string, number>()
  samples = 0
  private lastAt = -Infinity

  constructor(private readonly everyMs = 100) {}

  /** Takes a sample if `everyMs` passed since the last one. */
  sample(): void {
    const t = now()
    if (t - this.lastAt < this.everyMs) return
    this.lastAt = t
    this.take()
  }

  /** Takes a sample now and records it under `name`. */
  mark(name: string): number {
    const rss = this.take()
    this.marks.set(name, rss)
    return rss
  }

  private take(): number {
    const rss = process.memoryUsage.rss()
    this.samples++
    if (rss > this.peak) this.peak = rss
    return rss
  }
}

/** Bytes of every file under `dir`. */
export function bytesUnder(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size
  return total
}
