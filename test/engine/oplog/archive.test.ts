/**
 * Archiving merged oplog files: a closed writer's file leaves inbox/ for inbox/merged/ once merged to its
 * `end` line; a writer that resumes the run writes a new file; a file moved back is not merged twice;
 * old archived files are removed after `removeMergedAfterMs`.
 */
import { existsSync, readdirSync, renameSync, utimesSync } from 'node:fs'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openProject, type Project } from '../../../src/index.js'
import { tempProjectDir } from '../../helpers/tmp.js'

function write(dir: string, from: number, to: number, close = true): string {
  const writer = openProject(dir, { mode: 'oplog' })
  const run = writer.startRun({ customRunId: 'job-7' })
  for (let step = from; step < to; step++) run.log({ x: step }, { step })
  if (close) writer.close()
  else writer.flush()
  return writer.oplogPath
}

const points = (project: Project): number[] =>
  Array.from((project.runs.get('PROJ-1').field('x').fetchValues() as { values: ArrayLike<number> }).values)
const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i)
const inbox = (dir: string): string[] => readdirSync(join(dir, 'inbox')).filter((n) => n.endsWith('.jsonl'))

describe('archiving merged oplog files', () => {
  it('moves a closed writer’s file to inbox/merged/; a resumed writer still merges, nothing twice', async () => {
    const dir = tempProjectDir()
    const first = write(dir, 0, 100)
    const project = openProject(dir, { mode: 'db' })
    const report = await project.merge()
    expect(report.archived).toEqual([basename(first)])
    expect(inbox(dir)).toEqual([])
    expect(existsSync(join(dir, 'inbox', 'merged', basename(first)))).toBe(true)
    expect((await project.merge()).lines).toBe(0)
    // the run resumed by its custom run id in another writer (a new file, a new writer uuid)
    const second = write(dir, 100, 200)
    const resumed = await project.merge()
    expect(resumed.archived).toEqual([basename(second)])
    expect(points(project)).toEqual(range(0, 200))
    // a file moved back into inbox/ (by hand, or a copy) is archived again without applying a line
    renameSync(join(dir, 'inbox', 'merged', basename(first)), first)
    const back = await project.merge()
    expect(back.lines).toBe(0)
    expect(back.archived).toEqual([basename(first)])
    expect(points(project)).toEqual(range(0, 200))
    project.close()
  })

  it('keeps the file of a writer that has not closed, and archives it after its end line', async () => {
    const dir = tempProjectDir()
    const writer = openProject(dir, { mode: 'oplog' })
    const run = writer.startRun({ customRunId: 'job-7' })
    run.log({ x: 0 }, { step: 0 })
    writer.flush()
    const project = openProject(dir, { mode: 'db' })
    expect((await project.merge()).archived).toEqual([])
    expect(inbox(dir)).toEqual([basename(writer.oplogPath)])
    run.log({ x: 1 }, { step: 1 })
    writer.close()
    expect(() => writer.startRun({})).toThrow(expect.objectContaining({ code: 'PROJECT_CLOSED' }))
    const after = await project.merge()
    expect(after.lines).toBe(3) // the point, the run's close and the writer's end
    expect(after.archived).toEqual([basename(writer.oplogPath)])
    expect(points(project)).toEqual([0, 1])
    project.close()
  })

  it('archive: false leaves files in inbox/; removeMergedAfterMs removes old archived files', async () => {
    const dir = tempProjectDir()
    const kept = write(dir, 0, 10)
    const project = openProject(dir, { mode: 'db' })
    expect((await project.merge({ archive: false })).archived).toEqual([])
    expect(inbox(dir)).toEqual([basename(kept)])
    expect((await project.merge()).archived).toEqual([basename(kept)])
    const old = join(dir, 'inbox', 'merged', basename(kept))
    utimesSync(old, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000))
    write(dir, 10, 20)
    const fresh = await project.merge({ removeMergedAfterMs: 60_000 })
    expect(fresh.removed).toBe(1) // the hour-old file; the one archived now is kept
    expect(readdirSync(join(dir, 'inbox', 'merged')).length).toBe(1)
    expect(points(project)).toEqual(range(0, 20))
    project.close()
  })
})
