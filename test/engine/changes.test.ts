/** The server's small engine reads: data_version, changes since a time, field columns, object uses. */
import { describe, expect, test } from 'vitest'
import { openProject } from '../../src/index.js'
import { tempProject } from '../helpers/project.js'
import { coreOf } from '../helpers/internals.js'
import { statement } from '../../src/engine/driver/database.js'
import { CHANGED_FIELDS } from '../../src/engine/query/changes.js'

describe('changes', () => {
  test('dataVersion moves when another connection commits, not on its own reads', () => {
    const project = tempProject({}, 'chg')
    const reader = openProject(project.dir, { readonly: true })
    try {
      const before = reader.dataVersion()
      reader.runs.list()
      expect(reader.dataVersion()).toBe(before)
      project.startRun().close()
      expect(reader.dataVersion()).not.toBe(before)
    } finally {
      reader.close()
    }
  })

  test('changesSince lists updated fields per run and new runs, with the next cursor', async () => {
    const project = tempProject({}, 'chg')
    const old = project.startRun()
    old.field('a').append(1)
    old.close()
    await new Promise((r) => setTimeout(r, 5))
    const t = Date.now()
    await new Promise((r) => setTimeout(r, 5))
    const run = project.runs.resume(old.id)
    run.field('b').append(2)
    run.close()
    const fresh = project.startRun()
    fresh.close()
    const reader = openProject(project.dir, { readonly: true })
    const changes = reader.changesSince(t)
    expect(changes.newRuns).toEqual([fresh.id])
    const ofOld = changes.runs.find((r) => r.id === old.id)!
    expect(ofOld.fields).toContain('b')
    expect(ofOld.fields).not.toContain('a')
    expect(changes.until).toBeGreaterThanOrEqual(t)
    expect(reader.changesSince(changes.until).runs).toEqual([])
    expect(reader.changesSince(Date.now() + 60_000)).toEqual({
      runs: [],
      newRuns: [],
      until: expect.any(Number),
    })
    reader.close()
  })

  test('changesSince reads a range of the updated_at index, not every field', () => {
    const project = tempProject({}, 'chg')
    project.startRun().close()
    const plan = coreOf(project).database.read((db) =>
      statement<{ detail: string }>(db, `EXPLAIN QUERY PLAN ${CHANGED_FIELDS}`).all(0),
    )
    expect(plan.map((p) => p.detail)).toContainEqual(
      expect.stringMatching(/SEARCH f USING INDEX fields_updated_at \(updated_at>\?\)/),
    )
    expect(plan.map((p) => p.detail)).not.toContainEqual(expect.stringMatching(/^SCAN f\b/))
  })

  test('fieldColumns and objectUses', async () => {
    const project = tempProject({}, 'chg')
    const run = project.startRun()
    run.assign('x', 1)
    const file = await run.field('f').upload(Buffer.from('hi'), { name: 'hi.txt' })
    run.close()
    expect(project.fieldColumns()).toContainEqual({ path: 'x', type: 'Float', runs: 1 })
    expect(project.objectUses(file.hash)).toEqual([
      { run: run.id, path: 'f', mime: 'text/plain', name: 'hi.txt', size: 2 },
    ])
    expect(project.objectUses('0'.repeat(64))).toEqual([])
  })
})
