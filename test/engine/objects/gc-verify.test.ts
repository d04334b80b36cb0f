import { chmodSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openObjectStore, type ObjectStore } from '../../../src/engine/objects/store.js'
import { tempDir } from '../../helpers/tmp.js'
import { randomFile, sha256 } from './helpers.js'

const DAY = 24 * 3600 * 1000

function age(path: string, ms: number): void {
  const when = new Date(Date.now() - ms)
  utimesSync(path, when, when)
}

async function storeWith(count: number): Promise<{ store: ObjectStore; hashes: string[] }> {
  const store = openObjectStore(tempDir())
  const hashes = []
  for (let i = 0; i < count; i++) hashes.push((await store.putBytes(Buffer.from(`object ${i}`))).hash)
  return { store, hashes }
}

describe('gc', () => {
  it('keeps every referenced object and removes unreferenced ones past the grace period', async () => {
    const { store, hashes } = await storeWith(4)
    const [a, b, c, d] = hashes as [string, string, string, string]
    for (const h of hashes) age(store.pathOf(h), 2 * DAY)
    age(store.pathOf(d), 1000) // unreferenced but young
    const report = await store.gc(() => new Set([a, b]))
    expect(report.removed.map((r) => r.hash)).toEqual([c])
    expect(report.removedBytes).toBe('object 2'.length)
    expect(report).toMatchObject({ referenced: 2, young: 1, dryRun: false })
    for (const h of [a, b, d]) expect(existsSync(store.pathOf(h))).toBe(true)
    expect(existsSync(store.pathOf(c))).toBe(false)
  })

  it('a dry run lists what it would remove and removes nothing', async () => {
    const { store, hashes } = await storeWith(3)
    for (const h of hashes) age(store.pathOf(h), 2 * DAY)
    const report = await store.gc(() => new Set([hashes[0]!]), { dryRun: true })
    expect(report.removed.map((r) => r.hash).sort()).toEqual([hashes[1]!, hashes[2]!].sort())
    for (const h of hashes) expect(existsSync(store.pathOf(h))).toBe(true)
  })

  it('graceMs: 0 removes an unreferenced object at once', async () => {
    const { store, hashes } = await storeWith(2)
    const report = await store.gc(() => new Set([hashes[0]!]), { graceMs: 0 })
    expect(report.removed.map((r) => r.hash)).toEqual([hashes[1]!])
  })

  it('an object put again (deduplicated) after it aged is protected again', async () => {
    const { store, hashes } = await storeWith(1)
    age(store.pathOf(hashes[0]!), 3 * DAY)
    await store.putBytes(Buffer.from('object 0')) // a new reference is on its way
    const report = await store.gc(() => new Set())
    expect(report.removed).toEqual([])
    expect(report.young).toBe(1)
  })

  it('removes old temp files of interrupted copies, keeps fresh ones, and never touches strays', async () => {
    const { store } = await storeWith(1)
    const tmp = join(store.dir, 'tmp')
    mkdirSync(tmp, { recursive: true })
    writeFileSync(join(tmp, 'old.tmp'), 'x')
    age(join(tmp, 'old.tmp'), 2 * DAY)
    writeFileSync(join(tmp, 'new.tmp'), 'y')
    const stray = join(store.dir, 'sha256', 'README')
    writeFileSync(stray, 'not an object')
    age(stray, 10 * DAY)
    const report = await store.gc(() => new Set(), { graceMs: DAY })
    expect(report.temps.map((t) => t.path)).toEqual([join(tmp, 'old.tmp')])
    expect(existsSync(join(tmp, 'new.tmp'))).toBe(true)
    expect(existsSync(stray)).toBe(true)
  })

  it('on an empty or absent store there is nothing to do', async () => {
    const store = openObjectStore(tempDir())
    expect(await store.gc(() => new Set(), { graceMs: 0 })).toMatchObject({
      removed: [],
      referenced: 0,
      temps: [],
    })
  })
})

describe('verify', () => {
  it('passes a sound store', async () => {
    const { store, hashes } = await storeWith(3)
    const report = await store.verify(() => hashes.map((hash, i) => ({ hash, run: 'P-1', path: `f${i}` })))
    expect(report).toMatchObject({
      objects: 3,
      corrupt: [],
      missing: [],
      invalid: [],
      unreferenced: 0,
      ok: true,
    })
  })

  it('catches a flipped byte', async () => {
    const store = openObjectStore(tempDir())
    const { path } = randomFile(100_000)
    const { hash } = await store.putFile(path)
    const object = store.pathOf(hash)
    chmodSync(object, 0o644)
    const bytes = readFileSync(object)
    bytes[77_777] = bytes[77_777]! ^ 0x80
    writeFileSync(object, bytes)
    const report = await store.verify(() => [{ hash, run: 'P-1', path: 'model/weights' }])
    expect(report.ok).toBe(false)
    expect(report.corrupt).toEqual([{ hash, actual: sha256(bytes), path: object }])
    expect(report.missing).toEqual([])
  })

  it('catches a missing object, an invalid reference, and lists strays and unreferenced objects', async () => {
    const { store, hashes } = await storeWith(2)
    rmSync(store.pathOf(hashes[0]!))
    writeFileSync(join(store.dir, 'sha256', hashes[1]!.slice(0, 2), 'notes.txt'), 'x')
    const extra = (await store.putBytes(Buffer.from('unreferenced'))).hash
    const refs = [
      { hash: hashes[0]!, run: 'P-1', path: 'a' },
      { hash: hashes[1]!, run: 'P-1', path: 'images/pred', step: 3 },
      { hash: 'malformed JSON', run: 'P-2', path: 'b' },
    ]
    const report = await store.verify(() => refs)
    expect(report.ok).toBe(false)
    expect(report.missing).toEqual([refs[0]])
    expect(report.invalid).toEqual([refs[2]])
    expect(report.strays).toEqual([join(store.dir, 'sha256', hashes[1]!.slice(0, 2), 'notes.txt')])
    expect(report.unreferenced).toBe(1)
    expect(extra).toBe(sha256(Buffer.from('unreferenced')))
  })
})
