/**
 * Project-level fields (Neptune's init_project): project.field(path) / assign / fetch write and read atoms,
 * sets, series and files on the project itself; they survive reopening, a read-only project reads them
 * through projectFields(), and they are no run (not in runs.list(), the runs table or the run count).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openProject, type SeriesPoints } from '../../src/index.js'
import { reopen, tempProject } from '../helpers/project.js'
import { tempDir } from '../helpers/tmp.js'

describe('project-level fields', () => {
  it('assigns atoms and sets, logs series and uploads files on the project; all survive reopening', async () => {
    const project = tempProject({}, 'PF')
    expect(project.projectFields()).toBeNull()
    project.field('general/brief').assign('Segmentation of cells')
    project.assign('general', { version: 3n, public: false })
    project.field('general/groups').add(['biology', 'imaging'])
    project.field('summary/best_acc').extend([0.5, 0.75], { steps: [1, 2] })
    const file = join(tempDir(), 'readme.md')
    writeFileSync(file, '# cells')
    await project.field('docs/readme').upload(file)
    expect(project.fetch('general')).toEqual({
      brief: 'Segmentation of cells',
      version: 3n,
      public: false,
      groups: ['biology', 'imaging'],
    })
    const run = project.startRun()
    run.close()
    const dir = project.dir
    project.close()

    const again = reopen(dir)
    expect(again.field('general/brief').fetch()).toBe('Segmentation of cells')
    expect([...(again.field('summary/best_acc').fetchValues() as SeriesPoints).values]).toEqual([0.5, 0.75])
    expect(again.field('docs/readme').fetch()).toMatchObject({ size: 7, name: 'readme.md' })
    expect(again.runs.list().map((r) => r.id)).toEqual([run.id])
    expect(again.fetchRunsTable({ columns: [] }).rows).toEqual([[run.id]])
    expect(again.stats().runs).toBe(1)
    expect((await again.gc({ graceMs: 0 })).removed).toEqual([]) // the project's file is referenced
    again.close()

    const reader = openProject(dir, { readonly: true })
    const view = reader.projectFields()!
    expect(view.id).toBe('PF')
    expect(view.fetch('general/groups')).toEqual(['biology', 'imaging'])
    expect(Object.keys(view.structure()).sort()).toEqual(['docs', 'general', 'summary', 'sys'])
    expect((await reader.verify()).ok).toBe(true)
    reader.close()
  })
})
