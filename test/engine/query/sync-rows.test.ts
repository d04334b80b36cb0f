/**
 * project.syncRows, the raw rows a hub sync reads: fields in (updatedAt, localId) order resuming after a
 * cursor, a float series' chunks as stored with where its sealed chunks end (the trailing run of small
 * chunks stays open, and compaction rewrites only that run), strings after a step, events after an id.
 */
import { expect, test } from 'vitest'
import { bucketPoints, decodeChunks, decodeFieldCells } from '../../../src/index.js'
import { tempProject } from '../../helpers/project.js'

test('fields resume after the cursor, in order, with nothing skipped or repeated', () => {
  const project = tempProject()
  const run = project.startRun({ name: 'r' })
  for (let i = 0; i < 30; i++) run.assign(`p/${i}`, i)
  run.close()
  const all = project.syncRows.fieldsSince({ after: -1, afterId: 0, limit: 1000 })
  const pages = []
  let cursor = { after: -1, afterId: 0 }
  for (;;) {
    const page = project.syncRows.fieldsSince({ ...cursor, limit: 7 })
    if (page.length === 0) break
    pages.push(...page)
    cursor = { after: page[page.length - 1]!.updatedAt, afterId: page[page.length - 1]!.localId }
  }
  expect(pages.map((f) => f.localId)).toEqual(all.map((f) => f.localId))
  expect(new Set(all.map((f) => f.path)).size).toBe(all.length)
  const p7 = all.find((f) => f.path === 'p/7')!
  expect(decodeFieldCells(p7)).toBe(7)
})

test('sealed chunks end where the trailing run of small chunks begins, and stay as they were', () => {
  const project = tempProject()
  const run = project.startRun({ name: 'r' })
  let step = 0
  const flush = (n: number): void => {
    for (let i = 0; i < n; i++) run.log({ x: step }, { step: step++ })
    run.flush()
  }
  const field = () =>
    project.syncRows.fieldsSince({ after: -1, afterId: 0, limit: 100 }).find((f) => f.path === 'x')!
  flush(5)
  expect(project.syncRows.seriesTail(field().localId, 0).sealedSeq).toBe(0)
  flush(3000)
  const sealed = project.syncRows.seriesTail(field().localId, 0)
  expect(sealed.sealedSeq).toBe(2)
  const before = sealed.chunks.slice(0, sealed.sealedSeq)
  for (let i = 0; i < 20; i++) flush(3) // compaction merges the trailing small chunks
  const after = project.syncRows.seriesTail(field().localId, 0)
  expect(after.chunks.slice(0, sealed.sealedSeq)).toEqual(before)
  expect(after.sealedSeq).toBeGreaterThanOrEqual(sealed.sealedSeq)
  const points = decodeChunks(after.chunks)
  expect(Array.from(points.steps)).toEqual(Array.from({ length: step }, (_, i) => i))
  expect(project.syncRows.seriesTail(field().localId, after.chunks.length).chunks).toEqual([])
  const read = bucketPoints(points, 10)
  expect(read.mode).toBe('buckets')
  run.close()
})

test('strings after a step and events after an id', () => {
  const project = tempProject()
  const run = project.startRun({ name: 'r' })
  for (let step = 0; step < 4; step++) run.field('logs').append(`l${step}`, { step })
  run.close()
  const logs = project.syncRows
    .fieldsSince({ after: -1, afterId: 0, limit: 100 })
    .find((f) => f.path === 'logs')!
  expect(project.syncRows.stringsAfter(logs.localId, 1).map((p) => p.value)).toEqual(['l2', 'l3'])
  const events = project.syncRows.eventsAfter(0, 100)
  expect(events.length).toBeGreaterThan(0)
  expect(project.syncRows.eventsAfter(events[0]!.localId, 100)).toEqual(events.slice(1))
  expect(new Set(events.map((e) => e.runUuid))).toEqual(new Set([run.uuid]))
})
