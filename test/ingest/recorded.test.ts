import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importUltralytics } from '../../src/ingest/index.js'
import { tempProject } from '../helpers/project.js'
import { tempDir } from '../helpers/tmp.js'
import { writeRunDir } from '../fixtures/ingest/ultralytics-run.js'

describe('importers run as recorded operations', () => {
  it('records kind, progress and a short report; a re-run is recorded too', async () => {
    const dir = writeRunDir(tempDir(), { rows: 3 })
    const project = tempProject()
    const seen: number[] = []
    await importUltralytics(project, dir, { progress: (done) => seen.push(done) })
    await importUltralytics(project, dir)
    const ops = project.operations.list()
    expect(ops.map((o) => [o.kind, o.status])).toEqual([
      ['import-from:ultralytics', 'finished'],
      ['import-from:ultralytics', 'finished'],
    ])
    expect(ops[0]).toMatchObject({ done: 1, total: 1, report: { created: 1, unchanged: 0, skipped: 0 } })
    expect(ops[1]!.report).toMatchObject({ created: 0, unchanged: 1 })
    expect(seen.length).toBeGreaterThan(0)
  })

  it('an AbortSignal stops it between two runs: status cancelled, the runs written before are whole', async () => {
    const root = tempDir()
    for (const name of ['a', 'b', 'c']) {
      const args = join(writeRunDir(join(root, name), { rows: 2 }), 'args.yaml')
      writeFileSync(args, readFileSync(args, 'utf8').replace(/^save_dir: .*$/m, `save_dir: runs/${name}`))
    }
    const project = tempProject()
    const controller = new AbortController()
    const started: string[] = []
    const promise = importUltralytics(project, root, {
      signal: controller.signal,
      progress: (done, _total, run) => {
        started.push(run)
        if (done === 1) controller.abort()
      },
    })
    await expect(promise).rejects.toMatchObject({ code: 'OPERATION_CANCELLED' })
    expect(project.operations.list().at(-1)!.status).toBe('cancelled')
    const runs = project.runs.list()
    expect(runs.length).toBe(1)
    expect(project.runs.get(runs[0]!.id).field('import/complete').fetch()).toBe(true)
    const again = await importUltralytics(project, root)
    expect(again.unchanged.length).toBe(1)
    expect(again.created.length).toBe(2)
  })
})
