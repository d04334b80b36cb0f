import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { getField } from '../../../src/engine/fields/store.js'
import { BucketAccumulator, BucketGrid } from '../../../src/engine/series/buckets.js'
import { foldChunks } from '../../../src/engine/series/chunk-fold.js'
import type { SeriesBuckets } from '../../../src/engine/series/buckets.js'
import type { Run, SeriesPoints } from '../../../src/index.js'
import { sql } from 'drizzle-orm'
import { contextOf, coreOf } from '../../helpers/internals.js'
import { tempProject } from '../../helpers/project.js'

/** The same aggregates computed point by point from fetchValues (the reference). */
function bruteForce(points: SeriesPoints, from: number, to: number, n: number) {
  const grid = new BucketGrid(from, to, n)
  const out = new Map<
    number,
    {
      count: number
      finite: number
      min: number
      max: number
      first: number
      last: number
      sum: number
      abs: number
      lastStep: number
      lastTime: number
    }
  >()
  for (let k = 0; k < points.steps.length; k++) {
    const s = points.steps[k]!
    if (s < from || s > to) continue
    const v = points.values[k]!
    const i = grid.index(s)
    const b = out.get(i) ?? {
      count: 0,
      finite: 0,
      min: NaN,
      max: NaN,
      first: v,
      last: v,
      sum: 0,
      abs: 0,
      lastStep: s,
      lastTime: 0,
    }
    b.count++
    if (!Number.isNaN(v)) {
      if (!(b.min <= v)) b.min = v
      if (!(b.max >= v)) b.max = v
    }
    if (Number.isFinite(v)) {
      b.finite++
      b.sum += v
      b.abs += Math.abs(v)
    }
    b.last = v
    b.lastStep = s
    b.lastTime = points.timestamps[k]!
    out.set(i, b)
  }
  return [...out.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b)
}

/** Expects `got` to hold the brute-force buckets of `points` over [from, to]. */
function expectBrute(got: SeriesBuckets, points: SeriesPoints, from: number, to: number, n: number): void {
  const expected = bruteForce(points, from, to, n)
  expect(got.count.length).toBe(expected.length)
  expected.forEach((e, i) => {
    expect(got.count[i]).toBe(e.count)
    expect(got.finiteCount[i]).toBe(e.finite)
    expect(Object.is(got.min[i], e.min) || got.min[i] === e.min).toBe(true)
    expect(Object.is(got.max[i], e.max) || got.max[i] === e.max).toBe(true)
    expect(String(got.first[i])).toBe(String(e.first))
    expect(String(got.last[i])).toBe(String(e.last))
    expect(got.lastStep[i]).toBe(e.lastStep)
    expect(got.lastTime[i]).toBe(e.lastTime)
    // the sum is exact up to float rounding: blocks add in another order than point by point
    expect(Math.abs(got.sum[i]! - e.sum)).toBeLessThanOrEqual(1e-12 * e.abs)
  })
}

const value = fc.oneof(
  { weight: 8, arbitrary: fc.double({ noNaN: true, min: -1e6, max: 1e6 }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 1e300, -1e300) },
)

/** Logs `values` at increasing steps into `run`, flushing after random batches (chunks of every size). */
function logInto(run: Run, path: string, values: number[], gaps: number[], flushEvery: number): number[] {
  const steps: number[] = []
  let step = 0
  values.forEach((v, i) => {
    step += gaps[i % gaps.length]!
    steps.push(step)
    run.log({ [path]: v }, { step, timestamp: 1_700_000_000_000 + i * 37 + (i % 3) * 1000 })
    if (i % flushEvery === flushEvery - 1) run.flush()
  })
  run.flush()
  return steps
}

describe('fetchBuckets', () => {
  it('equals a point-by-point aggregation on random series (NaN, ±Infinity, gaps, chunk sizes, ranges)', () => {
    const project = tempProject()
    let serial = 0
    let bucketed = 0
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 300, maxLength: 4000, size: 'max' }),
        fc.array(fc.constantFrom(1, 1, 1, 2, 7, 0.5), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 150 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        (values, gaps, flushEvery, n, pa, pb) => {
          const [a, b] = [Math.min(pa, pb) / 1000, Math.max(pa, pb) / 1000 + 0.001]
          const run = project.startRun()
          const path = `s${serial++}`
          const steps = logInto(run, path, values, gaps, flushEvery)
          const first = steps[0]!
          const last = steps[steps.length - 1]!
          const from = first + a * (last - first)
          const to = first + Math.min(1, b) * (last - first)
          const field = run.field(path)
          const read = field.fetchBuckets({ from, to, buckets: n })
          const points = field.fetchValues({ from, to }) as SeriesPoints
          if (read.mode === 'points') {
            expect(points.steps.length <= 2 * n || to <= from).toBe(true)
            expect([...read.points.values].map(String)).toEqual([...points.values].map(String))
          }
          if (to > from) {
            // the level-of-detail path itself (fetchBuckets reads a range this small from its points)
            bucketed++
            const { database, rowId } = contextOf(run)
            const acc = new BucketAccumulator(new BucketGrid(from, to, n))
            database.read((db) => foldChunks(db, getField(db, rowId, path)!.id, from, to, acc))
            const got = acc.result()
            if (read.mode === 'buckets') expectBrute(read.buckets, points, from, to, n) // (its small-read path)
            expectBrute(got, points, from, to, n)
          }
          run.close()
        },
      ),
      { numRuns: 60, seed: 42, endOnFailure: true },
    )
    expect(bucketed).toBeGreaterThanOrEqual(50) // the level-of-detail path, not only raw points, was exercised
  })

  it('folds a block whose first or last point lies exactly on a bucket edge into both buckets', () => {
    const project = tempProject()
    const run = project.startRun()
    // one chunk of 6000 consecutive steps: block b holds steps 256b..256b+255
    run.field('loss').extend(Array.from({ length: 6000 }, (_, i) => (i % 256 === 255 ? 1000 + i : i % 7)))
    run.flush()
    const points = run.field('loss').fetchValues() as SeriesPoints
    const { database, rowId } = contextOf(run)
    // width 256 from 255: every edge is a block's last step; from 256: every edge is a block's first step
    for (const from of [255, 256, 0]) {
      const to = from + 256 * 20
      const acc = new BucketAccumulator(new BucketGrid(from, to, 20))
      database.read((db) => foldChunks(db, getField(db, rowId, 'loss')!.id, from, to, acc))
      expectBrute(acc.result(), points, from, to, 20)
    }
    run.close()
  })

  it('keeps a one-point spike among 100k points in its bucket at 1000 buckets, and reads a fork through its parent', () => {
    const project = tempProject()
    const run = project.startRun()
    const values = Array.from({ length: 100_000 }, (_, i) => (i === 54_321 ? 1e9 : Math.sin(i / 100)))
    run.field('loss').extend(values)
    run.close()
    const read = run.field('loss').fetchBuckets({ buckets: 1000 })
    if (read.mode !== 'buckets') throw new Error('expected buckets')
    const max = Math.max(...read.buckets.max)
    expect(max).toBe(1e9)
    const at = read.buckets.max.indexOf(1e9)
    expect(read.buckets.start[at]! <= 54_321 && 54_321 < read.buckets.end[at]!).toBe(true)
    expect(read.buckets.count.reduce((s, c) => s + c, 0)).toBe(100_000)

    const fork = project.startRun({ forkFrom: { run: run.id, step: 60_000 } })
    fork.field('loss').extend(
      Array.from({ length: 10_000 }, () => -5),
      { steps: Array.from({ length: 10_000 }, (_, i) => 60_001 + i) },
    )
    fork.flush()
    const forked = fork.field('loss').fetchBuckets({ buckets: 700 })
    if (forked.mode !== 'buckets') throw new Error('expected buckets')
    expect(forked.from).toBe(0)
    expect(forked.to).toBe(70_000)
    expect(forked.buckets.count.reduce((s, c) => s + c, 0)).toBe(70_001)
    expect(Math.max(...forked.buckets.max)).toBe(1e9)
    expect(Math.min(...forked.buckets.min)).toBe(-5)
    fork.close()
  })

  it('reads a fork through its parent from level-of-detail blocks, equal to brute force (float steps, NaN, ±Infinity)', () => {
    const project = tempProject()
    const run = project.startRun()
    const special = [NaN, Infinity, -Infinity]
    const values = Array.from({ length: 100_000 }, (_, i) =>
      i % 4999 === 7 ? special[i % 3]! : Math.cos(i / 77) * i,
    )
    run.field('loss').extend(values)
    run.close()
    const fork = project.startRun({ forkFrom: { run: run.id, step: 60_000 } })
    fork.field('loss').extend(
      Array.from({ length: 10_000 }, (_, i) => (i === 4321 ? -1e12 : i % 13)),
      { steps: Array.from({ length: 10_000 }, (_, i) => 60_000.25 + i * 0.5) },
    )
    fork.flush()
    const field = fork.field('loss')
    for (const [from, to, n] of [
      [undefined, undefined, 100],
      [12_345.5, 64_000, 37],
    ] as const) {
      const read = field.fetchBuckets({ from, to, buckets: n })
      if (read.mode !== 'buckets') throw new Error('expected buckets')
      const points = field.fetchValues({ from: read.from, to: read.to }) as SeriesPoints
      expect(points.steps.length).toBeGreaterThan(2 * n * 256) // above the small-read limit: blocks were folded
      expectBrute(read.buckets, points, read.from, read.to, n)
    }
    const whole = field.fetchBuckets({ buckets: 100 })
    if (whole.mode !== 'buckets') throw new Error('expected buckets')
    const at = whole.buckets.start.findIndex(
      (start, k) => start <= 62_160.75 && 62_160.75 < whole.buckets.end[k]!,
    )
    expect(whole.buckets.min[at]).toBe(-1e12) // the fork's own spike, past the parent's points
    fork.close()
  })

  it('reads again after compaction replaced the chunks it remembered (their ids reused), equal to brute force', () => {
    const project = tempProject()
    const run = project.startRun()
    const field = run.field('x')
    field.extend(Array.from({ length: 9_000 }, (_, i) => Math.sin(i)))
    run.flush()
    const { database, rowId } = contextOf(run)
    let seen = 0
    for (let round = 0; round < 40; round++) {
      // small flushes leave small trailing chunks; compaction merges them into one that may take a freed id
      field.extend(Array.from({ length: 97 }, (_, i) => (i === round ? 1e6 + round : -round - i / 100)))
      run.flush()
      const points = field.fetchValues() as SeriesPoints
      const to = points.steps[points.steps.length - 1]!
      const acc = new BucketAccumulator(new BucketGrid(0, to, 13))
      database.read((db) => foldChunks(db, getField(db, rowId, 'x')!.id, 0, to, acc))
      const got = acc.result()
      expectBrute(got, points, 0, to, 13)
      expect(Math.max(...got.max)).toBe(1e6 + round)
      seen = Math.max(
        seen,
        database.read((db) => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM series_chunks`))!.n,
      )
    }
    expect(seen).toBeGreaterThan(2) // trailing chunks were there to compact
    run.close()
  })

  it('fetchValues({ after }) returns only later points; bad options are typed errors', () => {
    const project = tempProject()
    const run = project.startRun()
    run.field('x').extend([1, 2, 3, 4, 5])
    run.field('t').extend(['a', 'b', 'c'])
    expect([...run.field('x').fetchValues({ after: 2 }).steps]).toEqual([3, 4])
    expect(run.field('t').fetchValues({ after: 0 }).values).toEqual(['b', 'c'])
    expect(() => run.field('x').fetchValues({ form: 1 } as never)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_OPTION', hint: "Did you mean 'from'?" }),
    )
    expect(() => run.field('x').fetchValues({ from: 'a' } as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    )
    expect(() => run.field('x').fetchBuckets({ buckets: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION' }),
    )
    expect(() => run.field('t').fetchBuckets({ buckets: 10 })).toThrow(
      expect.objectContaining({ code: 'WRONG_FIELD_TYPE' }),
    )
    run.close()
  })
})

describe('chunks written before level-of-detail blocks (format 1)', () => {
  it('are bucketed exactly from their points, also beside chunks that have blocks', () => {
    const project = tempProject()
    const run = project.startRun()
    // more points than a small read (65,536), so the chunks are folded, not the points read
    run.field('loss').extend(Array.from({ length: 140_000 }, (_, i) => (i === 31_337 ? -1e9 : i % 97)))
    run.flush()
    coreOf(project).database.write((db) => db.run(sql`UPDATE series_chunks SET lod = NULL WHERE seq % 2 = 0`))
    const read = run.field('loss').fetchBuckets({ buckets: 90 })
    if (read.mode !== 'buckets') throw new Error('expected buckets')
    expect(read.buckets.count.reduce((s, c) => s + c, 0)).toBe(140_000)
    expect(Math.min(...read.buckets.min)).toBe(-1e9)
    expect(Math.max(...read.buckets.max)).toBe(96)
    const points = run.field('loss').fetchValues() as SeriesPoints
    expectBrute(read.buckets, points, read.from, read.to, 90)
    run.close()
  })
})
