/** Choosing oplog or database mode: the option, NEREID_MODE, and the typed errors for bad values. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { InvalidOptionError, OplogProject, openProject, Project } from '../../../src/index.js'
import { tempProjectDir } from '../../helpers/tmp.js'

afterEach(() => {
  delete process.env.NEREID_MODE
})

describe('project mode', () => {
  it("mode: 'oplog' never creates project.db; mode: 'db' does", () => {
    const dir = tempProjectDir()
    const oplog = openProject(dir, { mode: 'oplog' })
    expect(oplog).toBeInstanceOf(OplogProject)
    oplog.startRun({ name: 'x' }).close()
    oplog.close()
    expect(existsSync(join(dir, 'project.db'))).toBe(false)
    expect(existsSync(oplog.oplogPath)).toBe(true)
    const db = openProject(dir, { mode: 'db' })
    expect(db).toBeInstanceOf(Project)
    db.close()
    expect(existsSync(join(dir, 'project.db'))).toBe(true)
  })

  it('NEREID_MODE=oplog selects oplog mode; mode: db overrides it', () => {
    process.env.NEREID_MODE = 'oplog'
    const dir = tempProjectDir()
    const project = openProject(dir) as unknown
    expect(project).toBeInstanceOf(OplogProject)
    ;(project as OplogProject).close()
    const forced = openProject(dir, { mode: 'db' })
    expect(forced).toBeInstanceOf(Project)
    forced.close()
  })

  it('refuses a bad mode option or NEREID_MODE with a typed error', () => {
    expect(() => openProject(tempProjectDir(), { mode: 'sqlite' as never })).toThrow(InvalidOptionError)
    process.env.NEREID_MODE = 'nfs'
    expect(() => openProject(tempProjectDir())).toThrow(
      expect.objectContaining({ code: 'INVALID_NEREID_MODE' }),
    )
  })

  it('an oplog run refuses a type conflict at the call, as a database run does', () => {
    const project = openProject(tempProjectDir(), { mode: 'oplog' })
    const run = project.startRun({})
    run.log({ loss: 1 })
    expect(() => run.assign('loss', 'text')).toThrow(expect.objectContaining({ code: 'FIELD_TYPE_CONFLICT' }))
    run.close()
    expect(() => run.log({ loss: 2 })).toThrow(expect.objectContaining({ code: 'RUN_CLOSED' }))
    project.close()
  })
})
