/**
 * Smoothing of a chart's line: TensorBoard's debiased EMA, a time-weighted EMA that accounts for
 * uneven spacing of x (density-aware, as W&B's default), and a trailing running mean. NaN and
 * ±Infinity pass through unchanged and do not poison later values.
 */

/** The smoothing methods a chart offers. */
export type Smoothing = 'none' | 'ema' | 'twema' | 'mean'

/**
 * Debiased exponential moving average: s_i = (w·s_{i-1} + (1-w)·y_i) / (1 - w^n), n = finite values so far.
 * @example ema([1, 1, 1], 0.6) // [1, 1, 1]
 */
export function ema(ys: ArrayLike<number>, weight: number): number[] {
  const out = new Array<number>(ys.length)
  let last = 0
  let n = 0
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i] as number
    if (!Number.isFinite(y)) {
      out[i] = y
      continue
    }
    last = last * weight + (1 - weight) * y
    n++
    out[i] = last / (1 - Math.pow(weight, n))
  }
  return out
}

/**
 * Time-weighted EMA: the decay per point is w^(Δx / range · 1000), so dense and sparse stretches of a
 * series smooth alike; w = min(√param, 0.999).
 * @example twema([0, 1, 2], [5, 5, 5], 0.6) // [5, 5, 5]
 */
export function twema(xs: ArrayLike<number>, ys: ArrayLike<number>, param: number): number[] {
  const out = new Array<number>(ys.length)
  const weight = Math.min(Math.sqrt(Math.max(param, 0)), 0.999)
  const range = ys.length > 1 ? (xs[xs.length - 1] as number) - (xs[0] as number) : 1
  let acc = 0
  let norm = 0
  let prevX = xs[0] as number
  for (let i = 0; i < ys.length; i++) {
    const x = xs[i] as number
    const y = ys[i] as number
    if (!Number.isFinite(y)) {
      out[i] = y
      continue
    }
    const decay = range > 0 ? Math.pow(weight, ((x - prevX) / range) * 1000) : weight
    acc = acc * decay + y
    norm = norm * decay + 1
    out[i] = acc / norm
    prevX = x
  }
  return out
}

/**
 * Trailing running mean over the last `window` finite values.
 * @example runningMean([1, 2, 3, 4], 2) // [1, 1.5, 2.5, 3.5]
 */
export function runningMean(ys: ArrayLike<number>, window: number): number[] {
  const size = Math.max(1, Math.round(window))
  const out = new Array<number>(ys.length)
  const kept: number[] = []
  let sum = 0
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i] as number
    if (!Number.isFinite(y)) {
      out[i] = y
      continue
    }
    kept.push(y)
    sum += y
    if (kept.length > size) sum -= kept.shift() as number
    out[i] = sum / kept.length
  }
  return out
}

/**
 * Applies a smoothing method; `param` is the weight (0..1) for the EMAs, and the EMA weight maps to a
 * window of 1 + 50·param points for the running mean.
 * @example smooth('ema', xs, ys, 0.6)
 */
export function smooth(
  method: Smoothing,
  xs: ArrayLike<number>,
  ys: ArrayLike<number>,
  param: number,
): number[] | null {
  if (method === 'ema') return ema(ys, Math.min(Math.max(param, 0), 0.999))
  if (method === 'twema') return twema(xs, ys, param)
  if (method === 'mean') return runningMean(ys, 1 + 50 * param)
  return null
}
