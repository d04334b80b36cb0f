/**
 * `openProject(dir)` is typed Project, but NEREID_MODE=oplog (or a network file system) makes it an
 * OplogProject: every member of Project, Run and Field then either works (the writes the oplog records)
 * or throws the typed OPLOG_MODE_READ / OPLOG_MODE_UNSUPPORTED error — never a TypeError. The member
 * lists come from real database handles, so a member added to Project later fails here until the oplog
 * handle answers it.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { openProject, ReadOnlyError } from '../../../src/index.js'
import { tempProjectDir } from '../../helpers/tmp.js'

afterEach(() => {
  delete process.env.NEREID_MODE
})

/** TypeScript-private helpers of Field (not part of the API). */
const PRIVATE = new Set(['seriesType', 'appendOne', 'checkPoint', 'strings'])

function members(handle: object): string[] {
  const names = new Set<string>()
  for (
    let p: object | null = handle;
    p && p !== Object.prototype;
    p = Object.getPrototypeOf(p) as object | null
  )
    for (const name of Object.getOwnPropertyNames(p))
      if (name !== 'constructor' && !PRIVATE.has(name)) names.add(name)
  return [...names].sort()
}

/** What `oplog[name]` does: 'works', or the code of the typed error it throws. */
function answer(oplog: object, name: string): string {
  try {
    const value = (oplog as Record<string, unknown>)[name]
    return value === undefined ? 'missing' : 'works'
  } catch (error) {
    return error instanceof ReadOnlyError ? error.code : `untyped ${String(error)}`
  }
}

describe('an oplog-mode project answers every member of Project, Run and Field', () => {
  it('with the member itself or a typed error', () => {
    const db = openProject(tempProjectDir(), { mode: 'db' })
    const dbRun = db.startRun({})
    process.env.NEREID_MODE = 'oplog'
    const oplog = openProject(tempProjectDir()) // typed Project
    expect(oplog.mode).toBe('oplog')
    const run = oplog.startRun({})
    const pairs: [string, object, object][] = [
      ['project', db, oplog],
      ['run', dbRun, run],
      ['field', dbRun.field('x'), run.field('x')],
    ]
    for (const [kind, real, stand] of pairs) {
      for (const name of members(real)) {
        expect([`${kind}.${name}`, answer(stand, name)]).toEqual([
          `${kind}.${name}`,
          expect.stringMatching(/^(works|OPLOG_MODE_READ|OPLOG_MODE_UNSUPPORTED)$/),
        ])
      }
    }
    dbRun.close()
    db.close()
    oplog.close()
  })

  it('reads throw OPLOG_MODE_READ naming the read; unrecorded writes OPLOG_MODE_UNSUPPORTED', () => {
    process.env.NEREID_MODE = 'oplog'
    const project = openProject(tempProjectDir())
    const run = project.startRun({ name: 'r' })
    run.log({ x: 1 })
    const read = { code: 'OPLOG_MODE_READ' }
    expect(() => project.stats()).toThrow(
      expect.objectContaining({ ...read, message: expect.stringContaining('project.stats') }),
    )
    expect(() => project.runs.list()).toThrow(expect.objectContaining(read))
    expect(() => project.fetchRunsTable()).toThrow(expect.objectContaining(read))
    expect(() => run.events.list()).toThrow(expect.objectContaining(read))
    expect(() => run.field('x').fetchLast()).toThrow(
      expect.objectContaining({ ...read, message: expect.stringContaining("field('x').fetchLast") }),
    )
    const unsupported = { code: 'OPLOG_MODE_UNSUPPORTED' }
    expect(() => project.models.create('m')).toThrow(expect.objectContaining(unsupported))
    expect(() => project.runs.resume('PROJ-1')).toThrow(expect.objectContaining(unsupported))
    expect(() => run.field('x').clear()).toThrow(expect.objectContaining(unsupported))
    expect(() => project.stats()).toThrow(ReadOnlyError)
    project.close()
  })
})
