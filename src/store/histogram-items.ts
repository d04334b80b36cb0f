/**
 * HistogramSeries entries as the read interface answers them: step, timestamp and the histogram with its
 * numbers as JSON (NaN and ±Infinity as strings).
 *
 * @example
 * histogramItem(3, 1000, { type: 'COUNTS', edges: [0, 1], values: [NaN] })
 * // { step: 3, timestamp: 1000, type: 'COUNTS', edges: [0, 1], values: ['NaN'] }
 */
import type { Histogram } from '../index.js'
import { jsonNumber } from './json-values.js'
import type { HistogramItem } from './read-store.js'

/** One entry of a HistogramSeries. */
export function histogramItem(step: number, timestamp: number, h: Histogram): HistogramItem {
  return { step, timestamp, type: h.type, edges: h.edges.map(jsonNumber), values: h.values.map(jsonNumber) }
}
