/** stepWindows over an in-memory series: every point once, in order, whatever the spacing of the steps. */
import { describe, expect, it } from 'vitest'
import { stepWindows } from '../../src/share/step-windows.js'

function series(steps: number[]) {
  let reads = 0
  const read = (from: number, to: number) => {
    reads++
    return steps.filter((s) => s >= from && s <= to)
  }
  const all = (options = {}) =>
    [...stepWindows(read, (s) => s, options)].flatMap((w) => w.data.slice(w.start, w.end))
  return { all, reads: () => reads }
}

describe('stepWindows', () => {
  it('yields every point once for dense, sparse, fractional and negative steps', () => {
    const shapes = [
      Array.from({ length: 50_000 }, (_, i) => i),
      [-5, -1, 0, 0.25, 3, 65_536, 65_537, 1e9, 1e11 + 0.5],
      Array.from({ length: 20_000 }, (_, i) => i / 1000),
      [2 ** 53 + 2, 1e15].sort((a, b) => a - b),
    ]
    for (const steps of shapes) expect(series(steps).all({ targetPoints: 1000 })).toEqual(steps)
  })

  it('starts after `after` (a fork step) and adapts the window to the target', () => {
    const steps = Array.from({ length: 100_000 }, (_, i) => i)
    expect(series(steps).all({ after: 99_990 })).toEqual(steps.slice(99_991))
    const s = series(steps)
    expect(s.all({ targetPoints: 10_000 })).toHaveLength(100_000)
    expect(s.reads()).toBeLessThan(40)
  })

  it('ends on an empty series', () => {
    expect(series([]).all()).toEqual([])
  })
})
