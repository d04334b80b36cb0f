/** Download destinations: parents created level by level; /proc fails at once with a typed error. */
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { makeParents } from '../../../src/engine/objects/make-parents.js'
import { rejected, tempProject } from '../../helpers/project.js'
import { tempDir } from '../../helpers/tmp.js'

describe('makeParents', () => {
  it('creates every missing level', async () => {
    const dir = join(tempDir(), 'a', 'b', 'c')
    await makeParents(dir)
    expect(existsSync(dir)).toBe(true)
  })

  it('refuses a file in the way with DOWNLOAD_FAILED', async () => {
    const root = tempDir()
    writeFileSync(join(root, 'f'), 'x')
    const error = await rejected(makeParents(join(root, 'f', 'sub')))
    expect(error.code).toBe('DOWNLOAD_FAILED')
    expect(error.hint).toMatch(/file is in the way/)
  })

  it.skipIf(!existsSync('/proc/self'))('fails at once under /proc, where mkdir -p would spin', async () => {
    const error = await rejected(makeParents('/proc/nereid-test-out/x'))
    expect(error.code).toBe('DOWNLOAD_FAILED')
    expect(error.message).toContain('/proc/nereid-test-out')
  })

  it.skipIf(!existsSync('/proc/self'))(
    'download() to a path under /proc rejects with DOWNLOAD_FAILED',
    async () => {
      const run = tempProject().startRun()
      await run.field('f').upload(Buffer.from('weights'))
      const error = await rejected(run.field('f').download('/proc/nereid-test-out/w.bin'))
      expect(error.code).toBe('DOWNLOAD_FAILED')
    },
  )
})
