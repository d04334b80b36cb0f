import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importTensorboard } from '../../../src/ingest/index.js'
import { crc32c } from '../../../src/ingest/tensorboard/crc32c.js'
import { tempProject } from '../../helpers/project.js'
import { tempDir } from '../../helpers/tmp.js'
import {
  fileVersion,
  histogram,
  image,
  scalar,
  tensorHistogram,
  tensorScalar,
  text,
  writeEvents,
} from '../../fixtures/ingest/tfevents.js'
import { projectDigest } from '../helpers.js'

const W = 1_735_787_045.123

function writeLogs(root: string, options: { corrupt?: number[]; truncate?: number } = {}): void {
  writeEvents(
    join(root, 'run-a', 'events.out.tfevents.1735787045.host.42.0'),
    [
      fileVersion(W),
      scalar(W + 1, 0, 'train/loss', 0.1),
      scalar(W + 2, 1, 'train/loss', 0.05),
      tensorScalar(W + 3, 1, 'val/acc', 0.1 + 0.2),
      text(W + 4, 1, 'notes', 'héllo'),
      image(W + 5, 2, 'samples/pred', Buffer.from('PNGDATA')),
      scalar(W + 6, 2, 'train/loss', 0.025),
    ],
    options,
  )
  writeEvents(join(root, 'run-b', 'events.out.tfevents.1735787099.host.43.0'), [
    fileVersion(W),
    scalar(W + 1, 5, 'x', 1),
  ])
}

describe('importTensorboard', () => {
  it('CRC-32C matches the standard check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283)
  })

  it('imports one run per event directory: simple and tensor scalars, text, images', async () => {
    const root = tempDir()
    writeLogs(root)
    const project = tempProject()
    const report = await importTensorboard(project, root)
    expect(report.created).toHaveLength(2)
    expect(report.skipped).toEqual([])
    const summary = project.runs.list().find((r) => r.name === 'run-a')!
    const run = project.runs.get(summary.id)
    expect(summary.creationTime.getTime()).toBe(Math.round(W * 1000))
    const loss = run.field('train/loss').fetchValues() as {
      steps: Float64Array
      values: Float64Array
      timestamps: Float64Array
    }
    expect(Array.from(loss.steps)).toEqual([0, 1, 2])
    expect(Array.from(loss.values)).toEqual([Math.fround(0.1), Math.fround(0.05), Math.fround(0.025)])
    expect(Array.from(loss.timestamps)).toEqual([1, 2, 6].map((d) => Math.round((W + d) * 1000)))
    expect(Array.from((run.field('val/acc').fetchValues() as { values: Float64Array }).values)).toEqual([
      0.1 + 0.2,
    ])
    expect((run.field('notes').fetchValues() as { values: string[] }).values).toEqual(['héllo'])
    expect(
      run
        .field('samples/pred')
        .list()
        .map((e) => [e.step, e.size]),
    ).toEqual([[2, 7]])
  })

  it("imports histograms, legacy and TF2, as HistogramSeries with TensorBoard's bucket edges", async () => {
    const root = tempDir()
    const DBL_MAX = 1.7976931348623157e308
    writeEvents(join(root, 'run-h', 'events.out.tfevents.1735787045.host.44.0'), [
      fileVersion(W),
      // the first bucket starts at min and the last ends at max, as TensorBoard draws them
      histogram(W + 1, 0, 'weights/l1', {
        min: -0.5,
        max: 0.75,
        bucketLimit: [0, 0.5, DBL_MAX],
        bucket: [2, 3, 1],
      }),
      // every value equal: [min, limit] would not increase as TensorBoard reads it, so the raw limit ends it
      histogram(W + 2, 1, 'weights/l1', { min: 0, max: 0, bucketLimit: [1e-12], bucket: [10] }),
      tensorHistogram(W + 3, 0, 'tf2/h', [
        [0, 1, 4],
        [1, 2, 6],
      ]),
      // an older TF2 writer's zero-width bucket, widened to ±0.5 as newer writers do
      tensorHistogram(W + 4, 1, 'tf2/h', [[3, 3, 5]]),
      // nothing to import: reported once, the rest of the run still lands
      tensorHistogram(W + 5, 2, 'tf2/empty', []),
      histogram(W + 6, 2, 'weights/bad', { min: 0, max: 1, bucketLimit: [0.5], bucket: [1, 2] }),
    ])
    const project = tempProject()
    const report = await importTensorboard(project, root)
    expect(report.created).toHaveLength(1)
    expect(report.skipped.map((s) => s.reason)).toEqual([
      "tag 'tf2/empty' holds an empty histogram (no buckets), which Nereid does not import",
      "tag 'weights/bad' holds a histogram with 1 bucket limits for 2 buckets, which Nereid does not import",
    ])
    const run = project.runs.get(project.runs.list()[0]!.id)
    expect(run.field('weights/l1').type()).toBe('HistogramSeries')
    const l1 = run.field('weights/l1').fetchValues() as { steps: Float64Array; values: unknown[] }
    expect(Array.from(l1.steps)).toEqual([0, 1])
    expect(l1.values).toEqual([
      { type: 'COUNTS', edges: [-0.5, 0, 0.5, 0.75], values: [2, 3, 1] },
      { type: 'COUNTS', edges: [0, 1e-12], values: [10] },
    ])
    const tf2 = run.field('tf2/h').fetchValues() as { steps: Float64Array; values: unknown[] }
    expect(tf2.values).toEqual([
      { type: 'COUNTS', edges: [0, 1, 2], values: [4, 6] },
      { type: 'COUNTS', edges: [2.5, 3.5], values: [5] },
    ])
  })

  it('a record with a bad CRC is skipped and reported; a cut-short tail is reported', async () => {
    const root = tempDir()
    writeLogs(root, { corrupt: [2], truncate: 3 })
    const project = tempProject()
    const report = await importTensorboard(project, root)
    const file = join(root, 'run-a', 'events.out.tfevents.1735787045.host.42.0')
    expect(report.skipped).toEqual([
      expect.objectContaining({ file, row: 3, reason: expect.stringMatching(/bad data CRC/) }),
      expect.objectContaining({ file, row: 7, reason: expect.stringMatching(/cut short/) }),
    ])
    const run = project.runs.get(project.runs.list().find((r) => r.name === 'run-a')!.id)
    expect(Array.from((run.field('train/loss').fetchValues() as { steps: Float64Array }).steps)).toEqual([0])
  })

  it('re-importing changes nothing', async () => {
    const root = tempDir()
    writeLogs(root)
    const project = tempProject()
    await importTensorboard(project, root)
    const before = projectDigest(project)
    expect((await importTensorboard(project, root)).unchanged).toHaveLength(2)
    expect(projectDigest(project)).toBe(before)
  })
})
