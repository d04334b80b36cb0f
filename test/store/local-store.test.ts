/** The local read store: workspace and single-project modes, unknown projects, objects, watching. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { openProject } from '../../src/index.js'
import { openLocalStore } from '../../src/store/local-store.js'
import type { ChangeSet } from '../../src/store/read-store.js'
import { tempDir } from '../helpers/tmp.js'

function workspace(): string {
  const home = tempDir('store-')
  for (const name of ['a', 'b']) {
    const project = openProject(join(home, name), { onWarning: () => {} })
    project.startRun({ name }).close()
    project.close()
  }
  return home
}

describe('openLocalStore', () => {
  test('a workspace serves its projects; a project directory serves itself', async () => {
    const home = workspace()
    const store = openLocalStore(home)
    expect(await store.names()).toEqual(['a', 'b'])
    expect((await (await store.project('b')).summary()).runs).toBe(1)
    await store.close()
    const one = openLocalStore(join(home, 'a'))
    expect(await one.names()).toEqual(['a'])
    expect((await one.project('a')).name).toBe('a')
    await expect(one.project('b')).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' })
    await one.close()
  })

  test("a project's summary counts running and failed runs", async () => {
    const dir = join(tempDir('store-summary-'), 'c')
    const project = openProject(dir, { onWarning: () => {} })
    project.startRun({ name: 'done' }).close()
    const failed = project.startRun({ name: 'failed' })
    failed.fail(new Error('diverged'))
    failed.close()
    const running = project.startRun({ name: 'running' })
    running.flush()
    const store = openLocalStore(dir)
    expect(await (await store.project('c')).summary()).toMatchObject({
      name: 'c',
      runs: 3,
      running: 1,
      stale: 0,
      failed: 1,
    })
    await store.close()
    running.close()
    project.close()
  })

  test("a project's summary follows commits by other connections (runs, running, bytes of uploaded objects)", async () => {
    const home = workspace()
    const store = openLocalStore(home)
    const b = await store.project('b')
    const first = await b.summary()
    expect(first).toMatchObject({ runs: 1, running: 0 })
    const writer = openProject(join(home, 'b'), { onWarning: () => {} })
    const run = writer.startRun({ name: 'second' })
    run.flush()
    expect(await b.summary()).toMatchObject({ runs: 2, running: 1 })
    const file = join(tempDir(), 'w.bin')
    writeFileSync(file, Buffer.alloc(10_000, 7))
    await run.field('model/w').upload(file)
    run.close()
    writer.close()
    const last = await b.summary()
    expect(last).toMatchObject({ runs: 2, running: 0 })
    expect(last.bytes - first.bytes).toBeGreaterThanOrEqual(10_000)
    const reader = openProject(join(home, 'b'), { readonly: true })
    expect(reader.diskUsage()).toMatchObject({ objects: 1, objectBytes: 10_000 })
    expect(reader.diskUsage().dbBytes).toBe(reader.stats().dbBytes)
    reader.close()
    await store.close()
  })

  test('unknown projects and missing directories are typed errors; names never become paths', async () => {
    const store = openLocalStore(workspace())
    for (const name of ['nope', '..', '../a', 'a/../b', ''])
      await expect(store.project(name)).rejects.toMatchObject({ code: 'PROJECT_NOT_FOUND' })
    await store.close()
    expect(() => openLocalStore(join(tempDir(), 'missing'))).toThrow(
      expect.objectContaining({ code: 'WORKSPACE_NOT_FOUND' }),
    )
  })

  test('an object is found only by a referenced, well-formed hash', async () => {
    const home = tempDir('store-')
    const project = openProject(join(home, 'p'), { onWarning: () => {} })
    const run = project.startRun()
    const info = await run.field('f').upload(Buffer.from('bytes'), { name: 'b.bin' })
    run.close()
    project.close()
    const store = openLocalStore(home)
    const p = await store.project('p')
    const object = await p.object(info.hash)
    expect(object).toMatchObject({ size: 5, name: 'b.bin', mime: 'application/octet-stream' })
    expect(await new Response(object!.open({ start: 1, end: 2 })).text()).toBe('yt')
    expect(await p.object(info.hash.slice(1))).toBeUndefined()
    expect(await p.object('a'.repeat(64))).toBeUndefined()
    await store.close()
  })

  test('watch delivers the runs and fields another connection wrote, and stops when asked', async () => {
    const home = workspace()
    const store = openLocalStore(home, { watch: { pollMs: 30, debounceMs: 10 } })
    const p = await store.project('a')
    const seen: ChangeSet[] = []
    const stop = p.watch((change) => seen.push(change))
    const writer = openProject(join(home, 'a'), { onWarning: () => {} })
    const run = writer.runs.resume('A-1')
    run.field('loss').append(0.5)
    run.close()
    for (let i = 0; i < 300 && !seen.some((c) => c.runs.some((r) => r.fields.includes('loss'))); i++)
      await new Promise((r) => setTimeout(r, 10))
    expect(seen.some((c) => c.runs.some((r) => r.id === 'A-1' && r.fields.includes('loss')))).toBe(true)
    stop()
    const count = seen.length
    writer.startRun().close()
    await new Promise((r) => setTimeout(r, 200))
    expect(seen.length).toBe(count)
    writer.close()
    await store.close()
  })
})
