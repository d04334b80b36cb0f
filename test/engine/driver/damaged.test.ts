/** A truncated project.db is DAMAGED_PROJECT (restore it), not NOT_A_PROJECT (point elsewhere). */
import { statSync, truncateSync, writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CorruptDataError, openProject } from '../../../src/index.js'
import { thrown } from '../../helpers/project.js'
import { tempDir, tempProjectDir } from '../../helpers/tmp.js'

function projectWithData(): string {
  const dir = tempProjectDir()
  const project = openProject(dir, { onWarning: () => {} })
  const run = project.startRun()
  for (let step = 0; step < 20_000; step++) run.log({ a: step, b: -step }, { step })
  project.close()
  return dir
}

describe('a damaged project.db', () => {
  it('truncated to half is DAMAGED_PROJECT with a hint at nereid verify and a backup or export', () => {
    const dir = projectWithData()
    const file = join(dir, 'project.db')
    truncateSync(file, Math.floor(statSync(file).size / 2))
    const error = thrown(() => openProject(dir).runs.list())
    expect(error).toBeInstanceOf(CorruptDataError)
    expect(error.code).toBe('DAMAGED_PROJECT')
    expect(error.message).toMatch(/looks damaged/)
    expect(error.hint).toMatch(/nereid verify/)
    expect(error.hint).toMatch(/nereid export/)
  })

  it('truncated to its first page is DAMAGED_PROJECT too', () => {
    const dir = projectWithData()
    truncateSync(join(dir, 'project.db'), 4096)
    expect(thrown(() => openProject(dir).runs.list()).code).toBe('DAMAGED_PROJECT')
  })

  it('a file that is no database at all stays NOT_A_PROJECT', () => {
    const dir = join(tempDir(), 'p')
    mkdirSync(dir)
    writeFileSync(join(dir, 'project.db'), 'hello, this is a text file and no SQLite database at all')
    expect(thrown(() => openProject(dir)).code).toBe('NOT_A_PROJECT')
  })
})
