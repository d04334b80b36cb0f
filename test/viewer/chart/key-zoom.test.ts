/**
 * Keyboard zoom and pan of a chart's step range, in Node: zoom in around the middle, out within the
 * series (back to every step at the whole extent), pan by a quarter inside the series, reset keys, and
 * keys that change nothing or are not zoom keys.
 */
import { describe, expect, it } from 'vitest'
import { keyZoom } from '../../../src/viewer/chart/key-zoom.js'

const ALL = { from: 0, to: 1000 }

describe('keyZoom', () => {
  it('zooms in to the middle half, from every step or from a zoomed range', () => {
    expect(keyZoom('+', undefined, ALL)).toEqual({ range: { from: 250, to: 750 } })
    expect(keyZoom('=', { from: 250, to: 750 }, ALL)).toEqual({ range: { from: 375, to: 625 } })
    expect(keyZoom('+', { from: 10, to: 12 }, ALL)).toBeNull() // too few steps to halve
  })

  it('zooms out within the series, and back to every step when it covers it', () => {
    expect(keyZoom('-', { from: 375, to: 625 }, ALL)).toEqual({ range: { from: 250, to: 750 } })
    expect(keyZoom('-', { from: 50, to: 150 }, ALL)).toEqual({ range: { from: 0, to: 200 } })
    expect(keyZoom('-', { from: 250, to: 750 }, ALL)).toEqual({ range: undefined })
    expect(keyZoom('-', undefined, ALL)).toBeNull()
  })

  it('pans by a quarter of the range and stops at either end', () => {
    expect(keyZoom('ArrowRight', { from: 250, to: 750 }, ALL)).toEqual({ range: { from: 375, to: 875 } })
    expect(keyZoom('ArrowRight', { from: 400, to: 900 }, ALL)).toEqual({ range: { from: 500, to: 1000 } })
    expect(keyZoom('ArrowRight', { from: 500, to: 1000 }, ALL)).toBeNull()
    expect(keyZoom('ArrowLeft', { from: 100, to: 600 }, ALL)).toEqual({ range: { from: 0, to: 500 } })
    expect(keyZoom('ArrowLeft', undefined, ALL)).toBeNull() // every step shown: nothing to pan
  })

  it('resets with 0, Escape or Home; other keys are not zoom keys', () => {
    for (const key of ['0', 'Escape', 'Home']) {
      expect(keyZoom(key, { from: 1, to: 5 }, ALL)).toEqual({ range: undefined })
      expect(keyZoom(key, undefined, ALL)).toBeNull()
    }
    expect(keyZoom('a', { from: 1, to: 5 }, ALL)).toBeNull()
    expect(keyZoom('Tab', undefined, ALL)).toBeNull()
  })
})
