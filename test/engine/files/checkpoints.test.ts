import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { bestCheckpoint, checkpoint, listCheckpoints } from '../../../src/engine/files/checkpoints.js'
import { gcProject } from '../../../src/engine/files/maintenance.js'
import { InvalidOptionError, StepOrderError } from '../../../src/engine/errors.js'
import { randomFile, sha256 } from '../objects/helpers.js'
import { contextOf } from '../../helpers/internals.js'
import { objectsIn, testProject } from './helpers.js'

const weights = () => randomFile(10_000, 'w.pt')

describe('checkpoints', () => {
  it("keep: 'lowest' stores only improvements, releases the previous best, and best() is the lowest", async () => {
    const { project } = testProject()
    const run = project.startRun()
    const losses = [0.9, 0.5, 0.7, 0.3, 0.3]
    const files = losses.map(() => weights())
    const results = []
    for (const [i, loss] of losses.entries()) {
      results.push(
        await checkpoint(contextOf(run), 'weights', files[i]!.path, {
          step: i * 10,
          metrics: { 'val/loss': loss, acc: 1 - loss },
          keep: 'lowest',
          metric: 'val/loss',
        }),
      )
    }
    expect(results.map((r) => r.kept)).toEqual([true, true, false, true, false])
    expect(results[2]).toMatchObject({ hash: null, size: 10_000, step: 20 }) // not improved: not even copied
    const listed = listCheckpoints(contextOf(run))
    expect(listed.map((c) => [c.step, c.kept])).toEqual([
      [0, false],
      [10, false],
      [30, true],
    ])
    expect(listed[2]).toMatchObject({
      checkpoint: 'weights',
      hash: sha256(files[3]!.bytes),
      metrics: { 'val/loss': 0.3, acc: 0.7 },
      keep: 'lowest',
      metric: 'val/loss',
      name: 'w.pt',
    })
    expect(bestCheckpoint(contextOf(run))).toEqual(listed[2])
    expect(bestCheckpoint(contextOf(run), 'weights')).toEqual(listed[2])
    // released files are reclaimed by gc; the kept one stays
    expect(objectsIn(project.dir).length).toBe(3)
    run.flush()
    const report = await gcProject(contextOf(run).database, project.dir, { graceMs: 0 })
    expect(report.removed.map((r) => r.hash).sort()).toEqual(
      [sha256(files[0]!.bytes), sha256(files[1]!.bytes)].sort(),
    )
    expect(objectsIn(project.dir)).toEqual([sha256(files[3]!.bytes)])
    const out = await run.field('checkpoints/weights').download(project.dir + '/out')
    expect(out.length).toBe(1)
    expect(readFileSync(out[0]!).equals(files[3]!.bytes)).toBe(true)
    project.close()
  })

  it("keep: 'highest' keeps the highest; NaN never improves", async () => {
    const { project } = testProject()
    const run = project.startRun()
    for (const acc of [NaN, 0.6, 0.8, NaN, 0.7])
      await checkpoint(contextOf(run), 'best', Buffer.from(`acc ${acc}`), {
        metrics: { acc },
        keep: 'highest',
        metric: 'acc',
      })
    expect(listCheckpoints(contextOf(run), 'best').map((c) => [c.step, c.metrics.acc, c.kept])).toEqual([
      [0, 0.6, false],
      [1, 0.8, true],
    ])
    expect(bestCheckpoint(contextOf(run))?.metrics.acc).toBe(0.8)
    project.close()
  })

  it("keep: 'latest' keeps only the newest file; 'every' keeps all; names are separate", async () => {
    const { project } = testProject()
    const run = project.startRun()
    for (let i = 0; i < 3; i++) {
      await checkpoint(contextOf(run), 'last', Buffer.from(`last ${i}`), { keep: 'latest' })
      await checkpoint(contextOf(run), 'all', Buffer.from(`all ${i}`), {
        step: i,
        metrics: { loss: 1 / (i + 1) },
      })
    }
    expect(listCheckpoints(contextOf(run), 'last').map((c) => c.kept)).toEqual([false, false, true])
    expect(listCheckpoints(contextOf(run), 'all').map((c) => c.kept)).toEqual([true, true, true])
    expect(bestCheckpoint(contextOf(run), 'last')?.step).toBe(2)
    expect(bestCheckpoint(contextOf(run), 'all')?.step).toBe(2)
    expect(() => bestCheckpoint(contextOf(run))).toThrow(/several checkpoint names/)
    expect(listCheckpoints(contextOf(run)).length).toBe(6)
    expect(run.field('checkpoints/last').fetchLast()).toMatchObject({ kept: true, step: 2 })
    project.close()
  })

  it('the same file checkpointed under two policies is stored once', async () => {
    const { project } = testProject()
    const run = project.startRun()
    const file = weights()
    await checkpoint(contextOf(run), 'last', file.path, { keep: 'latest' })
    await checkpoint(contextOf(run), 'best', file.path, {
      keep: 'lowest',
      metric: 'loss',
      metrics: { loss: 1 },
    })
    expect(objectsIn(project.dir)).toEqual([sha256(file.bytes)])
    project.close()
  })

  it('refuses bad options and a step that does not increase, before copying anything', async () => {
    const { project } = testProject()
    const run = project.startRun()
    const file = weights()
    await expect(
      checkpoint(contextOf(run), 'w', file.path, { keep: 'lowest' } as never),
    ).rejects.toMatchObject({ code: 'INVALID_CHECKPOINT' })
    await expect(
      checkpoint(contextOf(run), 'w', file.path, { keep: 'lowest', metric: 'loss', metrics: { acc: 1 } }),
    ).rejects.toThrow(/not in this checkpoint's metrics/)
    await expect(checkpoint(contextOf(run), 'w', file.path, { keep: 'best' as never })).rejects.toMatchObject(
      { code: 'INVALID_CHECKPOINT' },
    )
    await expect(
      checkpoint(contextOf(run), 'w', file.path, { metrics: { loss: 'low' as never } }),
    ).rejects.toMatchObject({ code: 'INVALID_CHECKPOINT' })
    await expect(checkpoint(contextOf(run), 'w', file.path, { stepp: 1 } as never)).rejects.toThrow(
      InvalidOptionError,
    )
    await checkpoint(contextOf(run), 'w', file.path, { step: 5 })
    await expect(checkpoint(contextOf(run), 'w', weights().path, { step: 5 })).rejects.toThrow(StepOrderError)
    expect(objectsIn(project.dir).length).toBe(1)
    expect(bestCheckpoint(contextOf(run), 'none')).toBeUndefined()
    project.close()
  })
})
