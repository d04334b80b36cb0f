import { chmodSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { CorruptDataError } from '../../../src/engine/errors.js'
import { gcProject, verifyProject } from '../../../src/engine/files/maintenance.js'
import { listReferences } from '../../../src/engine/files/references.js'
import { openObjectStore } from '../../../src/engine/objects/store.js'
import { contextOf } from '../../helpers/internals.js'
import { tempDir } from '../../helpers/tmp.js'
import { randomFile, sha256 } from '../objects/helpers.js'
import { objectsIn, testProject } from './helpers.js'

async function populated() {
  const { project } = testProject()
  const a = project.startRun()
  const b = project.startRun()
  const shared = randomFile(40_000, 'shared.bin')
  const src = tempDir()
  mkdirSync(join(src, 'lib'))
  writeFileSync(join(src, 'lib', 'x.py'), 'print(1)\n')
  writeFileSync(join(src, 'y.py'), 'print(2)\n')
  await a.field('model/weights').upload(shared.path)
  await b.field('model/weights').upload(shared.path) // the same file from a second run
  await a.field('source').uploadFiles('**/*.py', { cwd: src })
  await b.field('images').append(Buffer.from('img0'), { step: 1 })
  await b.field('images').append(Buffer.from('img1'), { step: 2 })
  await a.field('data').trackFiles(src) // not in the store
  a.flush()
  b.flush()
  return { project, a, b, shared }
}

describe('project gc and verify', () => {
  it('lists every reference in one query; a file logged by two runs is one object', async () => {
    const { project, a, b, shared } = await populated()
    const refs = contextOf(a).database.read(listReferences)
    expect(refs.map((r) => [r.run, r.path, r.step ?? null])).toEqual([
      [a.id, 'model/weights', null],
      [a.id, 'source/lib/x.py', null],
      [a.id, 'source/y.py', null],
      [b.id, 'images', 1],
      [b.id, 'images', 2],
      [b.id, 'model/weights', null],
    ])
    expect(refs.filter((r) => r.hash === sha256(shared.bytes)).length).toBe(2)
    expect(objectsIn(project.dir).length).toBe(5)
    project.close()
  })

  it('gc keeps everything referenced, and removes what a deleted field left once past the grace period', async () => {
    const { project, a, b, shared } = await populated()
    const all = objectsIn(project.dir)
    expect((await gcProject(contextOf(a).database, project.dir, { graceMs: 0 })).removed).toEqual([])
    expect(objectsIn(project.dir)).toEqual(all)

    a.delete('model/weights') // b still refers to the same object
    b.delete('images')
    a.field('source').deleteFiles('lib')
    a.flush()
    const dry = await gcProject(contextOf(a).database, project.dir, { graceMs: 0, dryRun: true })
    expect(dry.removed.length).toBe(3)
    expect(objectsIn(project.dir)).toEqual(all)
    // within the default grace period (a day) nothing fresh is removed
    expect((await gcProject(contextOf(a).database, project.dir)).removed).toEqual([])
    const report = await gcProject(contextOf(a).database, project.dir, { graceMs: 0 })
    expect(report.removed.map((r) => r.hash).sort()).toEqual(
      [sha256(Buffer.from('img0')), sha256(Buffer.from('img1')), sha256(Buffer.from('print(1)\n'))].sort(),
    )
    expect(objectsIn(project.dir)).toEqual([sha256(shared.bytes), sha256(Buffer.from('print(2)\n'))].sort())
    const out = await b.field('model/weights').download(tempDir())
    expect(readFileSync(out[0]!).equals(shared.bytes)).toBe(true)
    expect((await verifyProject(contextOf(a).database, project.dir)).ok).toBe(true)
    project.close()
  })

  it('verify catches a flipped byte and a missing object, naming run, field and step', async () => {
    const { project, a, b, shared } = await populated()
    expect(await verifyProject(contextOf(a).database, project.dir)).toMatchObject({
      ok: true,
      objects: 5,
      corrupt: [],
      missing: [],
    })
    const store = openObjectStore(project.dir)
    const weights = store.pathOf(sha256(shared.bytes))
    chmodSync(weights, 0o644)
    const bytes = readFileSync(weights)
    bytes[123] = bytes[123]! ^ 0x01
    writeFileSync(weights, bytes)
    rmSync(store.pathOf(sha256(Buffer.from('img1'))))
    const report = await verifyProject(contextOf(a).database, project.dir)
    expect(report.ok).toBe(false)
    expect(report.corrupt).toEqual([{ hash: sha256(shared.bytes), actual: sha256(bytes), path: weights }])
    expect(report.missing).toEqual([
      { hash: sha256(Buffer.from('img1')), run: b.id, path: 'images', step: 2 },
    ])
    await expect(b.field('model/weights').download(tempDir())).rejects.toMatchObject({
      code: 'OBJECT_CORRUPT',
    })
    project.close()
  })

  it('a reference that is not valid JSON: verify reports it, gc refuses to remove anything', async () => {
    const { project, a } = await populated()
    await a.field('other').upload(Buffer.from('orphan soon'))
    a.delete('other')
    contextOf(a).database.write((db) =>
      db.run(
        sql`UPDATE fields SET text = '{"hash": broken' WHERE path = 'model/weights' AND run_id = ${contextOf(a).rowId}`,
      ),
    )
    const report = await verifyProject(contextOf(a).database, project.dir)
    expect(report.ok).toBe(false)
    expect(report.invalid).toEqual([{ hash: 'malformed JSON', run: a.id, path: 'model/weights' }])
    const before = objectsIn(project.dir)
    await expect(gcProject(contextOf(a).database, project.dir, { graceMs: 0 })).rejects.toThrow(
      CorruptDataError,
    )
    expect(objectsIn(project.dir)).toEqual(before)
    expect(() => a.field('model/weights').fetch()).toThrow(CorruptDataError)
    project.close()
  })

  it('gc options are checked', async () => {
    const { project, a } = await populated()
    await expect(gcProject(contextOf(a).database, project.dir, { grace: 0 } as never)).rejects.toMatchObject({
      code: 'UNKNOWN_OPTION',
      hint: "Did you mean 'graceMs'?",
    })
    await expect(gcProject(contextOf(a).database, project.dir, { graceMs: -1 })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    })
    await expect(
      gcProject(contextOf(a).database, project.dir, { dryRun: 'yes' as never }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTION' })
    project.close()
  })
})
