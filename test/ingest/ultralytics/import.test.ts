import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importUltralytics, watchUltralytics } from '../../../src/ingest/index.js'
import { tempProject } from '../../helpers/project.js'
import { tempDir } from '../../helpers/tmp.js'
import { HEADER, g6, writeRunDir } from '../../fixtures/ingest/ultralytics-run.js'
import { projectDigest } from '../helpers.js'

describe('importUltralytics', () => {
  it('maps args.yaml, every results.csv column, weights, plots and batch images', async () => {
    const dir = writeRunDir(tempDir(), { rows: 3 })
    const project = tempProject()
    const report = await importUltralytics(project, dir)
    expect(report.skipped).toEqual([])
    const run = project.runs.get(report.created[0]!)
    expect(run.field('sys/name').fetch()).toBe('train')
    expect(run.field('parameters/epochs').fetch()).toBe(3)
    expect(run.field('parameters/amp').fetch()).toBe(true)
    expect(run.field('parameters/model').fetch()).toBe('yolo11n.pt')
    expect(run.field('parameters/project').exists()).toBe(false)
    for (const name of HEADER.split(',').slice(1)) expect(run.field(name).type()).toBe('FloatSeries')
    const map = run.field('metrics/mAP50(B)').fetchValues() as { steps: Float64Array; values: Float64Array }
    expect(Array.from(map.steps)).toEqual([1, 2, 3])
    expect(Array.from(map.values)).toEqual([1, 2, 3].map((e) => Number(g6(0.05 * e))))
    expect(run.field('checkpoints/best').fetch()).toMatchObject({ size: 4 })
    expect(run.field('checkpoints/last').fetch()).toMatchObject({ size: 5 })
    expect(run.field('plots/results').fetch()).toMatchObject({ size: 3 })
    expect(
      run
        .field('images/train_batch')
        .list()
        .map((e) => e.step),
    ).toEqual([0, 1])
    expect(
      run
        .field('images/val_batch_pred')
        .list()
        .map((e) => e.step),
    ).toEqual([0])
    expect(project.fetchRunsTable({ query: '`parameters/model`:string = "yolo11n.pt"' }).rows).toHaveLength(1)
  })

  it('a malformed row is reported with its file and line; re-importing changes nothing', async () => {
    const dir = writeRunDir(tempDir(), {
      rows: 2,
      extraLines: ['3,37.5,oops', '4,50,1,1,1,1,1,1,1,1,1,1,1,1,1'],
    })
    const project = tempProject()
    const report = await importUltralytics(project, join(dir, '..'))
    expect(report.skipped).toEqual([expect.objectContaining({ file: join(dir, 'results.csv'), row: 4 })])
    expect(
      Array.from(
        (project.runs.get(report.created[0]!).field('time').fetchValues() as { steps: Float64Array }).steps,
      ),
    ).toEqual([1, 2, 4])
    const before = projectDigest(project)
    expect((await importUltralytics(project, dir)).unchanged).toHaveLength(1)
    expect(projectDigest(project)).toBe(before)
  })
})

describe('watchUltralytics', () => {
  it('adds each new complete row written by another process', async () => {
    const dir = writeRunDir(tempDir(), { rows: 1, running: true })
    const project = tempProject()
    const seen: number[] = []
    let waiting: (() => void) | undefined
    const watcher = await watchUltralytics(project, dir, {
      onRow: (e) => {
        seen.push(e)
        waiting?.()
      },
    })
    expect(seen).toEqual([1])
    const child = spawn(
      process.execPath,
      [
        join(import.meta.dirname, '../../fixtures/ingest/append-results.mjs'),
        join(dir, 'results.csv'),
        '2',
        '4',
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    )
    for (const epoch of [2, 3, 4]) {
      const arrived = new Promise<void>((resolve) => (waiting = () => seen.includes(epoch) && resolve()))
      child.stdin.write('next\n')
      await arrived
      const run = project.runs.get(watcher.runId)
      expect(
        Array.from((run.field('train/box_loss').fetchValues() as { steps: Float64Array }).steps),
      ).toEqual(Array.from({ length: epoch }, (_, i) => i + 1))
    }
    child.stdin.end()
    await new Promise((resolve) => child.on('exit', resolve))
    await watcher.close()
    expect(seen).toEqual([1, 2, 3, 4])
    expect(watcher.report.skipped).toEqual([])
    // a batch import afterwards finds the run complete
    expect((await importUltralytics(project, dir)).unchanged).toEqual([watcher.runId])
  }, 20_000)
})
