import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openProject, type Project, type SeriesPoints } from '../../../src/index.js'
import { runFixture } from '../../helpers/child.js'
import { reopen, tempProject } from '../../helpers/project.js'
import { tempDir, tempProjectDir } from '../../helpers/tmp.js'
import { dumpProject, objectFiles } from './dump.js'

/** A project with a run of every kind of field, a fork, an experiment and a model with a version. */
async function richProject(name = 'src'): Promise<Project> {
  const project = tempProject({}, name)
  const a = project.startRun({ name: 'a', experiment: 'sweep', customRunId: 'job-1', tags: ['x'] })
  a.assign({ lr: 0.1, epochs: 10n, amp: true, opt: 'adam', nan: Number.NaN, negzero: -0 })
  a.field('loss').extend([1, Number.NaN, Infinity, -Infinity, 5, 6], { steps: [0, 1, 2, 3, 4, 7] })
  a.field('log').extend(['one', 'two'])
  await a.field('weights').upload(Buffer.from('weights of a'))
  a.events.append('lr_drop', { to: 0.01 })
  a.close()
  const b = project.startRun({ name: 'b', forkFrom: { run: a.id, step: 4 } })
  b.field('loss').extend([50, 60], { steps: [5, 6] })
  b.close()
  const model = project.models.create('m-hash', { name: 'resnet' })
  model.metrics.log('accuracy', 0.91, { step: 10, phase: 'val' })
  model.createVersion().close()
  model.close()
  return project
}

function stagingLeft(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.startsWith('.import-'))
}

describe('project.import', () => {
  it('export -> import into an empty project: every container, field, chunk and point is equal bit for bit', async () => {
    const source = await richProject()
    const tar = join(tempDir(), 'share.tar')
    await source.export(tar, { format: 'tar' })
    const target = tempProject({}, 'dst')
    const report = await target.import(tar)
    expect(report.added).toHaveLength(4) // two runs, a model, a version
    expect(report.renumbered).toEqual([])
    expect(dumpProject(target.dir)).toEqual(dumpProject(source.dir))
    expect(objectFiles(target.dir)).toEqual(objectFiles(source.dir))
    expect(target.runs.list().map((r) => r.id)).toEqual(source.runs.list().map((r) => r.id))
    const fork = target.runs.get('SRC-2').field('loss').fetchValues() as SeriesPoints
    expect([...fork.steps]).toEqual([0, 1, 2, 3, 4, 5, 6]) // the parent's points up to 4, then its own
    expect((await target.verify()).ok).toBe(true)
    expect(stagingLeft(target.dir)).toEqual([])
  })

  it('imports a project directory the same way, and importing it twice changes nothing', async () => {
    const source = await richProject()
    const target = tempProject({}, 'dst')
    await target.import(source.dir)
    const once = dumpProject(target.dir)
    const again = await target.import(source.dir)
    expect(again.added).toEqual([])
    expect(again.points).toBe(0)
    expect(again.newObjects).toBe(0)
    expect(dumpProject(target.dir)).toEqual(once)
    expect(once).toEqual(dumpProject(source.dir))
    const imports = target.operations.list().filter((o) => o.kind === 'import')
    expect(imports.map((o) => o.status)).toEqual(['finished', 'finished'])
  })

  it('merges a copy that kept training: new points past the last step, later field values, new fields', async () => {
    const home = tempProject({}, 'home')
    const run = home.startRun({ name: 'long' })
    run.field('loss').extend(Array.from({ length: 100 }, (_, i) => i))
    run.field('log').extend(['a', 'b'])
    run.assign({ status: 'training' })
    run.close()
    const away = join(tempDir(), 'away')
    await home.export(away)
    const copy = reopen(away)
    const resumed = copy.runs.resume(run.id)
    await new Promise((r) => setTimeout(r, 5)) // a later updated_at for the assign below
    resumed.field('loss').extend(Array.from({ length: 50 }, (_, i) => 100 + i))
    resumed.field('log').extend(['c'])
    resumed.assign({ status: 'done', extra: 1 })
    resumed.close()
    copy.close()

    const report = await home.import(away)
    expect(report.merged).toEqual([run.id])
    expect(report.points).toBe(51)
    const merged = home.runs.get(run.id)
    const loss = merged.field('loss').fetchValues() as SeriesPoints
    expect([...loss.values]).toEqual(Array.from({ length: 150 }, (_, i) => i))
    expect(merged.field('status').fetch()).toBe('done')
    expect(merged.field('extra').fetch()).toBe(1)
    const [homeRun] = Object.values(dumpProject(home.dir))
    const [awayRun] = Object.values(dumpProject(away))
    const summary = (r: typeof homeRun) =>
      (r!.fields as Record<string, unknown>[]).map(({ chunks: _c, ...f }) => f) // chunks differ in how they are cut
    expect(summary(homeRun)).toEqual(summary(awayRun))
    const again = await home.import(away)
    expect(again.points).toBe(0)
  })

  it('imports a fork subset with its parent', async () => {
    const source = await richProject()
    const tar = join(tempDir(), 'fork.tar')
    await source.export(tar, { runs: ['SRC-2'], format: 'tar' })
    const target = tempProject({}, 'dst')
    const report = await target.import(tar)
    expect(report.added).toEqual(['SRC-1', 'SRC-2'])
    const full = dumpProject(source.dir)
    const got = dumpProject(target.dir)
    for (const uuid of Object.keys(got)) expect(got[uuid]).toEqual(full[uuid])
  })

  it('re-numbers a run whose id is taken by another run, keeping the old id in sys/original_id', async () => {
    const source = tempProject({}, 'demo')
    source.startRun({ name: 'theirs' }).close()
    const target = tempProject({}, 'demo')
    target.startRun({ name: 'mine' }).close()
    const report = await target.import(source.dir)
    expect(report.renumbered).toEqual([{ from: 'DEMO-1', to: 'DEMO-2' }])
    const run = target.runs.get('DEMO-2')
    expect(run.field('sys/name').fetch()).toBe('theirs')
    expect(run.field('sys/id').fetch()).toBe('DEMO-2')
    expect(run.field('sys/original_id').fetch()).toBe('DEMO-1')
    expect(target.startRun({ name: 'next' }).id).toBe('DEMO-3')
  })

  it('a run that cannot be merged: fail writes nothing, skip keeps ours, replace takes theirs', async () => {
    const home = tempProject({}, 'home')
    const run = home.startRun({ name: 'x' })
    run.assign({ value: 1 })
    run.close()
    const away = join(tempDir(), 'away')
    await home.export(away)
    // the same path holds a field of another type on the other side
    const raw = new Database(join(away, 'project.db'))
    const changed = raw
      .prepare("UPDATE fields SET type = 'String', num = NULL, text = 'one' WHERE path = 'value'")
      .run()
    raw.close()
    expect(changed.changes).toBe(1)
    const before = dumpProject(home.dir)
    await expect(home.import(away)).rejects.toMatchObject({ code: 'IMPORT_CONFLICT' })
    expect(dumpProject(home.dir)).toEqual(before)
    const skipped = await home.import(away, { onConflict: 'skip' })
    expect(skipped.skipped.map((s) => s.id)).toEqual([run.id])
    expect(dumpProject(home.dir)).toEqual(before)
    const replaced = await home.import(away, { onConflict: 'replace' })
    expect(replaced.replaced).toEqual([run.id])
    expect(home.runs.get(run.id).field('value').fetch()).toBe('one')
    expect(home.operations.list().map((o) => o.status)).toEqual([
      'finished', // the export
      'errored',
      'finished',
      'finished',
    ])
  })

  it('cancelled before its commit: status cancelled, nothing written, no staging left', async () => {
    const source = await richProject()
    const target = tempProject({}, 'dst')
    const controller = new AbortController()
    const promise = target.import(source.dir, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    })
    await expect(promise).rejects.toMatchObject({ code: 'OPERATION_CANCELLED' })
    expect(target.runs.list()).toEqual([])
    expect(objectFiles(target.dir)).toEqual([])
    expect(stagingLeft(target.dir)).toEqual([])
    expect(target.operations.list().at(-1)!.status).toBe('cancelled')
  })

  it('checks its options', async () => {
    const target = tempProject({}, 'dst')
    await expect(target.import(tempProjectDir(), { onConflict: 'merge' as never })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    })
    await expect(target.import(target.dir)).rejects.toMatchObject({ code: 'IMPORT_INTO_ITSELF' })
    expect(openProject).toBeTypeOf('function')
  })
})

describe('project.import of a project being written', () => {
  it('while a child process logs: the import holds every point flushed before, its objects, and verifies; a later import brings the rest', async () => {
    const live = tempProject({}, 'live')
    const child = runFixture('export-writer', [live.dir])
    const flushed = Number((await child.line('flushed 1049')).split(' ')[1])
    const target = tempProject({}, 'dst')
    await target.import(live.dir)
    child.process.kill('SIGTERM') // the writer flushes and ends on SIGTERM
    await child.ended
    const id = target.runs.list()[0]!.id
    const points = target.runs.get(id).field('train/loss').fetchValues() as SeriesPoints
    expect(points.steps.length).toBeGreaterThanOrEqual(flushed + 1)
    expect([...points.steps.subarray(0, flushed + 1)]).toEqual(
      Array.from({ length: flushed + 1 }, (_, i) => i),
    )
    expect((await target.verify()).ok).toBe(true)
    await target.import(live.dir)
    const all = live.runs.get(id).field('train/loss').fetchValues() as SeriesPoints
    const merged = target.runs.get(id).field('train/loss').fetchValues() as SeriesPoints
    expect([...merged.steps]).toEqual([...all.steps])
    expect([...merged.values]).toEqual([...all.values])
  })
})
