/**
 * The histogram card's geometry (src/viewer/run/histogram-bars.ts), a pure function tested in Node.
 */
import { describe, expect, it } from 'vitest'
import { binAt, histogramBars } from '../../src/viewer/run/histogram-bars.js'

describe('histogram bars', () => {
  it('spans each bin by its edges and scales values to the largest', () => {
    expect(histogramBars([0, 1, 3], [2, 4], 300, 100)).toEqual([
      { x: 0, w: 100, y: 50, h: 50, bin: 0 },
      { x: 100, w: 200, y: 0, h: 100, bin: 1 },
    ])
  })

  it('draws no bar for NaN, ±Infinity, zero or negative values, and nothing when every value is empty', () => {
    const bars = histogramBars([0, 1, 2, 3, 4, 5], [NaN, Infinity, 0, -1, 2], 500, 10)
    expect(bars).toEqual([{ x: 400, w: 100, y: 0, h: 10, bin: 4 }])
    expect(histogramBars([0, 1], [0], 100, 10)).toEqual([])
    expect(histogramBars([0, 1], [NaN], 100, 10)).toEqual([])
  })

  it('keeps a very narrow bin at least a pixel wide', () => {
    const [narrow] = histogramBars([0, 1e-9, 1], [1, 0], 100, 10)
    expect(narrow!.w).toBe(1)
  })

  it('finds the bin under a pointer, -1 outside', () => {
    expect(binAt([0, 1, 3], 50, 300)).toBe(0)
    expect(binAt([0, 1, 3], 250, 300)).toBe(1)
    expect(binAt([0, 1, 3], -5, 300)).toBe(-1)
    expect(binAt([0, 1, 3], 305, 300)).toBe(-1)
  })
})
