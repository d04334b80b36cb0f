/**
 * The series workload: one run logging `metrics` float series for `steps` steps, one dict per step through
 * a layout's sink (like `run.log(dict, { step })`), yielding to the event loop every ~10k points the way a
 * training loop awaits its accelerator, so flush timers can fire.
 *
 * @example
 * const w = workload(100, 10_000, 'literal')
 * await drive(w, layout.write(dir, 'train'), probe)
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type { Sink } from './layout.js'
import type { RssProbe } from './measure.js'

/** How each step's dict is built: an object literal (hand-written logging code) or key by key in a loop. */
export type DictStyle = 'literal' | 'computed'

/** A workload's shape. */
export interface Workload {
  metrics: number
  steps: number
  keys: readonly string[]
  /** Builds the dict of step `step`. */
  dictAt: (step: number) => Record<string, number>
}

const POOL_BITS = 16
const POOL_MASK = (1 << POOL_BITS) - 1

/** Doubles with full 52-bit mantissas (like computed losses), from a seeded xorshift: same every run. */
const POOL = (() => {
  const pool = new Float64Array(1 << POOL_BITS)
  let x = 0x2545f491
  const next = () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 2 ** 32
  }
  for (let i = 0; i < pool.length; i++) pool[i] = next() + next() / 2 ** 32
  return pool
})()

/** The value metric `k` of a `metrics`-wide workload has at `step`. */
export function valueAt(step: number, k: number, metrics: number): number {
  return POOL[(step * metrics + k) & POOL_MASK]!
}

function literalBuilder(keys: readonly string[]): (step: number) => Record<string, number> {
  // An object literal with constant keys, as hand-written logging code has: compiled once.
  const body = keys.map((key, k) => `${JSON.stringify(key)}: pool[(b + ${k}) & mask]`).join(',\n')
  const make = new Function(
    'pool',
    'mask',
    'n',
    `return (step) => { const b = step * n; return {\n${body}\n} }`,
  )
  return make(POOL, POOL_MASK, keys.length) as (step: number) => Record<string, number>
}

function computedBuilder(keys: readonly string[]): (step: number) => Record<string, number> {
  const n = keys.length
  return (step) => {
    const dict: Record<string, number> = {}
    const b = step * n
    for (let k = 0; k < n; k++) dict[keys[k]!] = POOL[(b + k) & POOL_MASK]!
    return dict
  }
}

/** `metrics` series named like `train/metric_07` (or the one name `key` when given), `steps` steps. */
export function workload(metrics: number, steps: number, style: DictStyle, key?: string): Workload {
  const width = String(metrics - 1).length
  const keys =
    key !== undefined
      ? [key]
      : Array.from(
          { length: metrics },
          (_, k) => `train/metric_${String(k).padStart(Math.max(2, width), '0')}`,
        )
  return { metrics, steps, keys, dictAt: style === 'literal' ? literalBuilder(keys) : computedBuilder(keys) }
}

/**
 * Logs every step of `w` into `sink` (not closing it). `probe`, when given, is sampled every ~100 ms and
 * marked after each tenth of the steps ('10%', '20%', … '100%').
 */
export async function drive(w: Workload, sink: Sink, probe?: RssProbe): Promise<void> {
  const yieldEvery = Math.max(1, Math.floor(10_000 / w.metrics))
  const tenth = Math.max(1, Math.floor(w.steps / 10))
  const dictAt = w.dictAt
  for (let step = 0; step < w.steps; step++) {
    sink.log(dictAt(step), step)
    const done = step + 1
    if (probe && done % tenth === 0 && done <= tenth * 10) probe.mark(`${(done / tenth) * 10}%`)
    if (done % yieldEvery === 0) {
      probe?.sample()
      await yieldToEventLoop()
    }
  }
}

/** Throws unless `got` holds exactly the points `w` (a one-series workload, or series `k`) logged. */
export function checkRead(
  w: Workload,
  k: number,
  got: { steps: Float64Array; values: Float64Array },
  layout: string,
): void {
  if (got.steps.length !== w.steps)
    throw new Error(`${layout}: read ${got.steps.length} points, expected ${w.steps}`)
  for (let i = 0; i < w.steps; i++) {
    if (got.steps[i] !== i || !Object.is(got.values[i], valueAt(i, k, w.metrics))) {
      throw new Error(
        `${layout}: point ${i} read back as (${got.steps[i]}, ${got.values[i]}), expected (${i}, ${valueAt(i, k, w.metrics)})`,
      )
    }
  }
}
