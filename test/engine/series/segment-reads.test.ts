/**
 * Series reads over chunk rows held outside project.db (the public bucketSegments / segmentPoints a hub
 * uses) answer exactly like the engine's own reads of the same project: points, and buckets folded from
 * level-of-detail blocks (many points in range) or from points (few), through a fork's lineage.
 */
import { expect, test } from 'vitest'
import { bucketSegments, segmentPoints, type ChunkSegment, type ReadonlyProject } from '../../../src/index.js'
import { tempProject } from '../../helpers/project.js'

/** The segments of `path` of run `id` from syncRows, as a hub would hold them. */
function segmentsOf(project: ReadonlyProject, ids: string[], path: string, upTos: number[]): ChunkSegment[] {
  const runs = project.syncRows.runs()
  const fields = project.syncRows.fieldsSince({ after: -1, afterId: 0, limit: 1e6 })
  return ids.map((id, i) => {
    const uuid = runs.find((r) => r.sysId === id)!.uuid
    const field = fields.find((f) => f.runUuid === uuid && f.path === path)!
    return { chunks: project.syncRows.seriesTail(field.localId, 0).chunks, upTo: upTos[i]! }
  })
}

test('bucketSegments and segmentPoints equal fetchBuckets and fetchValues, through a fork', () => {
  const project = tempProject({}, 'segments')
  const root = project.startRun()
  for (let step = 0; step < 90_000; step++) root.log({ x: Math.cos(step / 7) * 1e3 + step * 1e-7 }, { step })
  root.close()
  const fork = project.startRun({ forkFrom: { run: root.id, step: 70_000 } })
  for (let step = 70_001; step < 160_000; step += 2) fork.log({ x: Math.sin(step) / 3 }, { step })
  fork.close()
  const reader = project.runs.get(fork.id).field('x')
  const segments = segmentsOf(project, [root.id, fork.id], 'x', [70_000, Infinity])
  for (const [n, from, to] of [
    [100, 0, 159_999],
    [997, 1_000, 150_000],
    [3, 69_990, 70_010],
    [50_000, 0, 159_999],
  ] as const) {
    const local = reader.fetchBuckets({ buckets: n, from, to })
    expect(bucketSegments(segments, n, from, to)).toEqual(local)
  }
  expect(reader.fetchBuckets({ buckets: 100 }).mode).toBe('buckets')
  expect(segmentPoints(segments, 69_998, 70_005)).toEqual(reader.fetchValues({ from: 69_998, to: 70_005 }))
  expect(segmentPoints(segments).steps.length).toBe(70_001 + 45_000)
})

test('chunks without level-of-detail blocks (format 1) fold point by point, to the same buckets', () => {
  const project = tempProject({}, 'nolod')
  const run = project.startRun()
  for (let step = 0; step < 80_000; step++) run.log({ y: (step % 101) - 50.5 }, { step })
  run.close()
  const [segment] = segmentsOf(project, [run.id], 'y', [Infinity])
  const bare = [{ chunks: segment!.chunks.map((c) => ({ ...c, lod: null })), upTo: Infinity }]
  const local = project.runs.get(run.id).field('y').fetchBuckets({ buckets: 64 })
  const read = bucketSegments(bare, 64, 0, 79_999)
  expect(read.mode).toBe('buckets')
  if (read.mode !== 'buckets' || local.mode !== 'buckets') throw new Error('expected buckets')
  // count, min, max, first, last are exact whichever way; sums may differ in the last bits
  expect(Array.from(read.buckets.count)).toEqual(Array.from(local.buckets.count))
  expect(Array.from(read.buckets.max)).toEqual(Array.from(local.buckets.max))
  expect(Array.from(read.buckets.last)).toEqual(Array.from(local.buckets.last))
})
