/**
 * `npm run bench:buckets`: a 1000-bucket chart read of one float series of 10 M points (`--quick`: 1 M),
 * over the full range and over a 1 % zoom window, through `field.fetchBuckets` (level-of-detail blocks)
 * beside the peer way of fetching every point in range and bucketing it in JavaScript, in this one
 * process. Prints medians of 15 and the ratio; fetchBuckets is timed on one connection (a chart read again:
 * its level-of-detail blocks are remembered, the straddled blocks are read each time) and on a fresh
 * read-only connection each time (nothing remembered).
 *
 * @example
 * npm run bench:buckets -- --quick
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openProject, type ReadonlyProject, type SeriesPoints } from '../src/index.js'
import { BucketAccumulator, BucketGrid } from '../src/engine/series/buckets.js'
import { now, timeMedian } from './measure.js'

/** The peer way: every point in range, bucketed in JS. */
function bruteBuckets(points: SeriesPoints, from: number, to: number, n: number): number {
  const acc = new BucketAccumulator(new BucketGrid(from, to, n))
  for (let k = 0; k < points.steps.length; k++)
    acc.point(acc.grid.index(points.steps[k]!), points.steps[k]!, points.values[k]!, points.timestamps[k]!)
  return acc.result().count.length
}

function main(): void {
  const total = process.argv.includes('--quick') ? 1_000_000 : 10_000_000
  const dir = mkdtempSync(join(tmpdir(), 'nereid-buckets-'))
  try {
    const project = openProject(join(dir, 'p'), { onWarning: () => {} })
    process.env.NEREID_CAPTURE = '0'
    const run = project.startRun()
    const start = now()
    for (let step = 0; step < total; step++)
      run.log({ loss: Math.sin(step / 1000) + (step === 7_654_321 % total ? 100 : 0) }, { step })
    run.close()
    console.log(`logged ${total.toLocaleString()} points in ${((now() - start) / 1000).toFixed(1)} s`)
    const field = project.runs.get(run.id).field('loss')
    const readers: ReadonlyProject[] = []
    const readonlyField = () => {
      const reader = openProject(join(dir, 'p'), { readonly: true })
      readers.push(reader)
      return reader.runs.get(run.id).field('loss')
    }
    for (const [label, from, to] of [
      ['full range', 0, total - 1],
      ['1 % zoom', Math.floor(total * 0.42), Math.floor(total * 0.43)],
    ] as const) {
      const lod = timeMedian(() => field.fetchBuckets({ from, to, buckets: 1000 }))
      let fresh = readonlyField()
      const cold = timeMedian(
        () => fresh.fetchBuckets({ from, to, buckets: 1000 }),
        15,
        () => {
          fresh = readonlyField()
          fresh.fetchValues({ from: 0, to: 0 }) // statements prepared, no blocks read
        },
      )
      const brute = timeMedian(
        () => bruteBuckets(field.fetchValues({ from, to }) as SeriesPoints, from, to, 1000),
        5,
      )
      console.log(
        `${label.padEnd(11)} 1000 buckets: fetchBuckets ${lod.toFixed(2)} ms (fresh connection ${cold.toFixed(2)} ms), every point + JS buckets ${brute.toFixed(2)} ms (${(brute / lod).toFixed(1)}x, ${(brute / cold).toFixed(1)}x)`,
      )
    }
    for (const reader of readers) reader.close()
    project.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

main()
