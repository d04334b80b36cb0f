/**
 * Two processes logging into one project at once, with real child processes on the built package: each
 * has its own run, and both write one shared run through the same customRunId with their own field paths.
 */
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { PROJECT_DB, type SeriesPoints } from '../../src/index.js'
import { runFixture } from '../helpers/child.js'
import { reopen } from '../helpers/project.js'
import { tempProjectDir } from '../helpers/tmp.js'

interface Ids {
  own: { id: string; uuid: string }
  shared: { id: string; uuid: string }
}

describe('two processes writing one project at once', () => {
  it('both finish cleanly, every point is there, ids are unique, and the shared run holds both', async () => {
    const dir = tempProjectDir() // does not exist yet: both processes race to create it
    const n = 4000
    const tags = ['alpha', 'bravo']
    const children = tags.map((tag) => runFixture('concurrent-writer', [dir, tag, String(n)]))
    await Promise.all(children.map((c) => c.line('ready')))
    for (const child of children) child.process.stdin.end('go\n')
    const results = await Promise.all(children.map((c) => c.ended))

    for (const [i, child] of children.entries()) {
      expect(results[i]).toEqual({ code: 0, signal: null })
      expect(child.stderr()).not.toMatch(/database is locked|SQLITE_BUSY/i)
      expect(child.stderr()).toBe('')
    }
    const ids = children.map((c) => JSON.parse(c.stdout.find((line) => line.startsWith('{'))!) as Ids)

    // each process got its own run, with distinct ids and uuids; both resumed the same shared run
    expect(new Set([ids[0]!.own.id, ids[1]!.own.id, ids[0]!.shared.id]).size).toBe(3)
    expect(new Set([ids[0]!.own.uuid, ids[1]!.own.uuid, ids[0]!.shared.uuid]).size).toBe(3)
    expect(ids[1]!.shared).toEqual(ids[0]!.shared)

    const project = reopen(dir)
    const runs = project.runs.list()
    expect(runs).toHaveLength(3)
    expect(new Set(runs.map((r) => r.id)).size).toBe(3)
    expect(runs.find((r) => r.customRunId === 'shared-run')?.id).toBe(ids[0]!.shared.id)

    for (const [i, tag] of tags.entries()) {
      const own = project.runs.get(ids[i]!.own.id)
      expect(own.field('sys/name').fetch()).toBe(`own-${tag}`)
      const loss = own.field('train/loss').fetchValues() as SeriesPoints
      expect(loss.values.length).toBe(n)
      for (let step = 0; step < n; step++) {
        expect(loss.steps[step]).toBe(step)
        expect(loss.values[step]).toBe(step + 0.5)
      }
      expect((own.field('train/tag').fetchValues() as SeriesPoints).values.length).toBe(n)
      expect(own.field('sys/state').fetch()).toBe('idle')
    }

    const shared = project.runs.get(ids[0]!.shared.id)
    for (const tag of tags) {
      const loss = shared.field(`${tag}/loss`).fetchValues() as SeriesPoints
      expect(loss.values.length).toBe(n)
      expect(loss.values[n - 1]).toBe((n - 1) * 2)
      expect([...loss.steps.subarray(0, 3)]).toEqual([0, 1, 2])
      expect(shared.field(`${tag}/notes`).fetchValues().values).toHaveLength(n / 100)
      expect(typeof shared.field(`workers/${tag}/pid`).fetch()).toBe('bigint')
    }
    expect(shared.field('sys/tags').fetch()).toEqual(['alpha', 'bravo'])

    const db = new BetterSqlite3(join(dir, PROJECT_DB), { readonly: true })
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    } finally {
      db.close()
    }
  })
})
