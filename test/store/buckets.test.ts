/** Level-of-detail buckets against brute force, and the points-after read. */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { SeriesPoints } from '../../src/index.js'
import { bucketPoints, seriesAfter, seriesBuckets } from '../../src/store/buckets.js'
import { jsonNumber } from '../../src/store/json-values.js'
import { tempProject, thrown } from '../helpers/project.js'

function points(steps: number[], values: number[]): SeriesPoints {
  return { steps: Float64Array.from(steps), values: Float64Array.from(values), timestamps: Float64Array.from(steps, (s) => 1000 + s) }
}

/** By the definition: bucket i = [from + i·w, from + (i+1)·w), the last also holding `to`. */
function bruteForce(steps: number[], values: number[], from: number, to: number, n: number) {
  const w = (to - from) / n
  const edge = (i: number) => (i >= n ? to : from + i * w)
  const groups = new Map<number, number[]>()
  steps.forEach((s, k) => {
    let i = -1
    for (let j = 0; j < n; j++) if (s >= edge(j) && (s < edge(j + 1) || (j === n - 1 && s <= to))) i = j
    if (i >= 0) groups.set(i, [...(groups.get(i) ?? []), k])
  })
  const keys = [...groups.keys()].sort((a, b) => a - b)
  const col = <T>(f: (ks: number[]) => T) => keys.map((i) => f(groups.get(i)!))
  const real = (ks: number[]) => ks.map((k) => values[k]!).filter((v) => !Number.isNaN(v))
  return {
    start: keys.map(edge),
    end: keys.map((i) => edge(i + 1)),
    count: col((ks) => ks.length),
    min: col((ks) => jsonNumber(real(ks).length ? Math.min(...real(ks)) : NaN)),
    max: col((ks) => jsonNumber(real(ks).length ? Math.max(...real(ks)) : NaN)),
    first: col((ks) => jsonNumber(values[ks[0]!]!)),
    last: col((ks) => jsonNumber(values[ks[ks.length - 1]!]!)),
    lastStep: col((ks) => steps[ks[ks.length - 1]!]),
    lastTime: col((ks) => 1000 + steps[ks[ks.length - 1]!]!),
    sum: col((ks) => ks.map((k) => values[k]!).filter(Number.isFinite).reduce((a, b) => a + b, 0)),
  }
}

const value = fc.oneof(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.constantFrom(Number.NaN, Infinity, -Infinity))

describe('bucketPoints', () => {
  test('matches brute force on random series with NaN and ±Infinity', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: -500, max: 5000 }), { minLength: 1, maxLength: 300 }), fc.array(value, { minLength: 300, maxLength: 300 }), fc.integer({ min: 1, max: 40 }), (rawSteps, vals, n) => {
        const steps = rawSteps.sort((a, b) => a - b)
        const values = steps.map((_, i) => vals[i]!)
        const from = steps[0]!
        const to = steps[steps.length - 1]! + (steps.length === 1 ? 1 : 0)
        const sum = (xs: number[]) => xs.map((x) => Math.round(x * 1e6) / 1e6)
        const got = bucketPoints(points(steps, values), from, to, n)
        const want = bruteForce(steps, values, from, to, n)
        expect({ ...got, sum: sum(got.sum) }).toEqual({ ...want, sum: sum(want.sum) })
      }),
      { numRuns: 300, seed: 42 },
    )
  })

  test('NaN counts but is not a min or max; a bucket of NaNs has NaN min/max; Infinity is a max', () => {
    const got = bucketPoints(points([0, 1, 2, 3], [NaN, NaN, 1, Infinity]), 0, 3, 2)
    expect(got.count).toEqual([2, 2])
    expect(got.min).toEqual(['NaN', 1])
    expect(got.max).toEqual(['NaN', 'Infinity'])
    expect(got.sum).toEqual([0, 1])
    expect(got.end).toEqual([1.5, 3])
  })
})

describe('seriesBuckets and seriesAfter', () => {
  const project = tempProject({}, 'lod')
  const run = project.startRun()
  run.field('loss').extend(Array.from({ length: 100 }, (_, i) => i), { steps: Array.from({ length: 100 }, (_, i) => i * 2) })
  run.field('text').append('x')
  run.flush()
  const view = project.runs.get(run.id)

  test('few points in range are returned as points; more as buckets over [first, last] step', () => {
    expect(seriesBuckets(view.field('loss'), {}, 50)).toMatchObject({ mode: 'points', from: 0, to: 198 })
    const body = seriesBuckets(view.field('loss'), {}, 10)
    expect(body).toMatchObject({ mode: 'buckets', from: 0, to: 198 })
    expect(body.buckets!.count.reduce((a, b) => a + b, 0)).toBe(100)
    expect(body.buckets!.start[0]).toBe(0)
  })

  test('a zoom window reads only its steps', () => {
    const body = seriesBuckets(view.field('loss'), { from: 10, to: 20 }, 1000)
    expect(body.points!.steps).toEqual([10, 12, 14, 16, 18, 20])
    expect(body).toMatchObject({ from: 10, to: 20 })
  })

  test('after returns only later steps, paged with more', () => {
    const body = seriesAfter(view.field('loss'), 190, 3)
    expect(body.points!.steps).toEqual([192, 194, 196])
    expect(body.more).toBe(true)
    expect(seriesAfter(view.field('loss'), 198, 10).points!.steps).toEqual([])
  })

  test('a string series or a missing field is a typed error', () => {
    expect(thrown(() => seriesBuckets(view.field('text'), {}, 10)).code).toBe('WRONG_FIELD_TYPE')
    expect(thrown(() => seriesAfter(view.field('nope'), 0, 10)).code).toBe('FIELD_NOT_FOUND')
  })
})
