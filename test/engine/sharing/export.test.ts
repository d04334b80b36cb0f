import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openProject, type SeriesPoints } from '../../../src/index.js'
import { runFixture } from '../../helpers/child.js'
import { tempProject } from '../../helpers/project.js'
import { tempDir } from '../../helpers/tmp.js'

function objectCount(dir: string): number {
  const root = join(dir, 'objects', 'sha256')
  if (!existsSync(root)) return 0
  return readdirSync(root).reduce((n, sub) => n + readdirSync(join(root, sub)).length, 0)
}

describe('project.export', () => {
  it('copies the chosen runs with their fork parents and exactly the objects they reference; the copy opens and verifies', async () => {
    const project = tempProject()
    const a = project.startRun({ name: 'a' })
    a.field('loss').extend([1, 2, 3, 4, 5])
    await a.field('weights').upload(Buffer.from('weights of a'))
    a.close()
    const b = project.startRun({ name: 'b', forkFrom: { run: a.id, step: 2 } })
    b.field('loss').extend([30, 40], { steps: [3, 4] })
    b.close()
    const c = project.startRun({ name: 'c' })
    await c.field('weights').upload(Buffer.from('weights of c, not exported'))
    c.close()

    const out = join(tempDir(), 'copy')
    const report = await project.export(out, { runs: [b.id] })
    expect(report.runs.sort()).toEqual([a.id, b.id].sort())
    const copy = openProject(out, { readonly: true })
    try {
      expect(
        copy.runs
          .list()
          .map((r) => r.name)
          .sort(),
      ).toEqual(['a', 'b'])
      expect([...(copy.runs.get(b.id).field('loss').fetchValues() as SeriesPoints).values]).toEqual([
        1, 2, 3, 30, 40,
      ])
      expect(objectCount(out)).toBe(1)
      expect((await copy.verify()).ok).toBe(true)
    } finally {
      copy.close()
    }
    await expect(project.export(out)).rejects.toMatchObject({ code: 'EXPORT_TARGET_EXISTS' })
    const tar = join(tempDir(), 'copy.tar')
    await project.export(tar, { format: 'tar' })
    expect(statSync(tar).size % 512).toBe(0)
    expect(
      project.operations.list().filter((o) => o.kind === 'export' && o.status === 'finished'),
    ).toHaveLength(2)
  })

  it('takes a consistent snapshot while another process keeps logging: every point flushed before it is there', async () => {
    const project = tempProject()
    const child = runFixture('export-writer', [project.dir])
    const line = await child.line('flushed 4')
    const flushed = Number(line.split(' ')[1])
    const out = join(tempDir(), 'live-copy')
    await project.export(out)
    child.process.kill('SIGTERM') // the writer flushes and ends on SIGTERM
    await child.ended
    const copy = openProject(out, { readonly: true })
    try {
      const id = copy.runs.list()[0]!.id
      const points = copy.runs.get(id).field('train/loss').fetchValues() as SeriesPoints
      expect(points.steps.length).toBeGreaterThanOrEqual(flushed + 1)
      expect([...points.steps.subarray(0, flushed + 1)]).toEqual(
        Array.from({ length: flushed + 1 }, (_, i) => i),
      )
      expect((await copy.verify()).ok).toBe(true)
    } finally {
      copy.close()
    }
  })
})
