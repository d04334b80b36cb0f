/** project.merge() as a recorded operation: its row, progress and report, cancellation, bad options. */
import { describe, expect, it } from 'vitest'
import { InvalidOptionError, openProject } from '../../../src/index.js'
import { tempProjectDir } from '../../helpers/tmp.js'

function writeRun(dir: string, points: number): void {
  const writer = openProject(dir, { mode: 'oplog' })
  const run = writer.startRun({ name: 'r' })
  for (let step = 0; step < points; step++) run.log({ x: step }, { step })
  writer.close()
}

describe('project.merge() as an operation', () => {
  it('records kind oplog-merge with its progress and report', async () => {
    const dir = tempProjectDir()
    writeRun(dir, 1000)
    const project = openProject(dir, { mode: 'db' })
    const seen: { done: number; total: number | null }[] = []
    const report = await project.merge({ onProgress: (p) => seen.push(p) })
    expect(report.points).toBe(1000)
    const [op] = project.operations.list()
    expect(op).toMatchObject({ kind: 'oplog-merge', status: 'finished', error: null })
    expect(op!.total).toBeGreaterThan(0)
    expect(op!.done).toBe(op!.total) // every waiting byte merged
    expect(op!.report).toMatchObject({ lines: report.lines, points: 1000, skipped: [], skippedTotal: 0 })
    expect(seen.at(-1)).toEqual({ done: op!.total, total: op!.total })
    project.close()
  })

  it('records an idle merge unless recordIdle is false', async () => {
    const project = openProject(tempProjectDir(), { mode: 'db' })
    await project.merge()
    expect(project.operations.list().length).toBe(1)
    const idle = await project.merge({ recordIdle: false })
    expect(idle.lines).toBe(0)
    expect(project.operations.list().length).toBe(1)
    project.close()
  })

  it('a cancelled merge applies nothing after the signal; the next merge finishes it', async () => {
    const dir = tempProjectDir()
    writeRun(dir, 100)
    const project = openProject(dir, { mode: 'db' })
    const controller = new AbortController()
    controller.abort()
    await expect(project.merge({ signal: controller.signal })).rejects.toMatchObject({
      code: 'OPERATION_CANCELLED',
    })
    expect(project.operations.list()[0]!.status).toBe('cancelled')
    expect(project.runs.list()).toEqual([])
    expect((await project.merge()).points).toBe(100)
    project.close()
  })

  it('refuses bad options with a typed error', async () => {
    const project = openProject(tempProjectDir(), { mode: 'db' })
    await expect(project.merge({ batchLines: 0 })).rejects.toThrow(InvalidOptionError)
    await expect(project.merge({ removeMergedAfterMs: -1 })).rejects.toMatchObject({ code: 'INVALID_OPTION' })
    await expect(project.merge({ archive: 'yes' as never })).rejects.toMatchObject({ code: 'INVALID_OPTION' })
    await expect(project.merge({ batchLine: 5 } as never)).rejects.toMatchObject({
      code: 'UNKNOWN_OPTION',
      hint: "Did you mean 'batchLines'?",
    })
    expect(project.operations.list()).toEqual([])
    project.close()
  })
})
