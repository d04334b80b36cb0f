/**
 * Chart settings kept in the URL: x axis, log y, smoothing method and weight, ignore outliers.
 */
import type { Smoothing } from './smoothing.js'

/** What a chart shows on x. */
export type XAxis = 'step' | 'relative' | 'wall'

/** The settings every chart of a view shares. */
export interface ChartSettings {
  x: XAxis
  logY: boolean
  smoothing: Smoothing
  weight: number
  ignoreOutliers: boolean
}

/**
 * Reads chart settings from URL parameters (defaults: step, linear, no smoothing, weight 0.6).
 * @example chartSettings(new URLSearchParams('x=wall&log=1&smooth=ema&w=0.9'))
 */
export function chartSettings(params: URLSearchParams): ChartSettings {
  const x = params.get('x')
  const s = params.get('smooth')
  const w = Number(params.get('w') ?? '0.6')
  return {
    x: x === 'relative' || x === 'wall' ? x : 'step',
    logY: params.get('log') === '1',
    smoothing: s === 'ema' || s === 'twema' || s === 'mean' ? s : 'none',
    weight: Number.isFinite(w) ? Math.min(Math.max(w, 0), 0.999) : 0.6,
    ignoreOutliers: params.get('outliers') === '1',
  }
}
