/** Level-of-detail buckets against brute force, and the points-after read. */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { seriesAfter, seriesBuckets } from '../../src/store/buckets.js'
import { jsonNumber } from '../../src/store/json-values.js'
import { tempProject, thrown } from '../helpers/project.js'

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
    sum: col((ks) =>
      ks
        .map((k) => values[k]!)
        .filter(Number.isFinite)
        .reduce((a, b) => a + b, 0),
    ),
  }
}

const value = fc.oneof(
  fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
  fc.constantFrom(Number.NaN, Infinity, -Infinity),
)

describe("seriesBuckets over the engine's level-of-detail read", () => {
  const project = tempProject({}, 'lodprop')
  let serial = 0

  /** Logs the series into a fresh run (flushing in pieces, so chunks and blocks vary) and reads it back. */
  function stored(steps: number[], values: number[], pieces: number) {
    const run = project.startRun()
    const path = `s${serial++}`
    const per = Math.ceil(steps.length / pieces)
    for (let at = 0; at < steps.length; at += per) {
      run.field(path).extend(values.slice(at, at + per), {
        steps: steps.slice(at, at + per),
        timestamps: steps.slice(at, at + per).map((s) => 1000 + s),
      })
      run.flush()
    }
    run.close()
    return project.runs.get(run.id).field(path)
  }

  test('matches brute force on random series with NaN and ±Infinity', () => {
    let bucketed = 0
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -500, max: 5000 }), {
          minLength: 100,
          maxLength: 1500,
          size: 'max',
        }),
        fc.array(value, { minLength: 1500, maxLength: 1500 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 7 }),
        (rawSteps, vals, n, pieces) => {
          const steps = rawSteps.sort((a, b) => a - b)
          const values = steps.map((_, i) => vals[i]!)
          const from = steps[0]!
          const to = steps[steps.length - 1]!
          const body = seriesBuckets(stored(steps, values, pieces), {}, n)
          if (body.mode !== 'buckets') return
          bucketed++
          const sum = (xs: number[]) => xs.map((x) => Math.round(x * 1e6) / 1e6)
          const got = body.buckets!
          const want = bruteForce(steps, values, from, to, n)
          expect({ ...got, sum: sum(got.sum) }).toEqual({ ...want, sum: sum(want.sum) })
        },
      ),
      { numRuns: 80, seed: 42, endOnFailure: true },
    )
    expect(bucketed).toBeGreaterThan(40)
  })

  test('NaN counts but is not a min or max; a bucket of NaNs has NaN min/max; Infinity is a max', () => {
    const field = stored([0, 1, 2, 3, 4, 5, 6, 7], [NaN, NaN, NaN, NaN, 1, Infinity, 2, 3], 1)
    const got = seriesBuckets(field, {}, 2).buckets!
    expect(got.count).toEqual([4, 4])
    expect(got.min).toEqual(['NaN', 1])
    expect(got.max).toEqual(['NaN', 'Infinity'])
    expect(got.sum).toEqual([0, 6])
    expect(got.end).toEqual([3.5, 7])
  })
})

describe('seriesBuckets and seriesAfter', () => {
  const project = tempProject({}, 'lod')
  const run = project.startRun()
  run.field('loss').extend(
    Array.from({ length: 100 }, (_, i) => i),
    { steps: Array.from({ length: 100 }, (_, i) => i * 2) },
  )
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
