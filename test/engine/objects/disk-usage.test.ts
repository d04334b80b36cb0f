/** The object store's size: fan-out directories remembered by their times, read again when they change. */
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { directorySize } from '../../../src/engine/objects/disk-usage.js'
import { tempDir } from '../../helpers/tmp.js'

describe('directorySize', () => {
  it('counts files recursively and is 0 for a missing directory', () => {
    const root = tempDir()
    mkdirSync(join(root, 'ab', 'cd'), { recursive: true })
    writeFileSync(join(root, 'ab', 'x'), 'abc')
    writeFileSync(join(root, 'ab', 'cd', 'y'), 'hello')
    expect(directorySize(root)).toEqual({ files: 2, bytes: 8 })
    expect(directorySize(join(root, 'missing'))).toEqual({ files: 0, bytes: 0 })
  })

  it('does not read a settled directory again until an entry is added or removed', () => {
    const root = tempDir()
    const fan = join(root, '9f')
    mkdirSync(fan)
    writeFileSync(join(fan, 'a'), 'x')
    const old = new Date(Date.now() - 60_000)
    utimesSync(fan, old, old)
    expect(directorySize(root)).toEqual({ files: 1, bytes: 1 })
    // rewriting a file in place leaves its directory's times alone (objects never change): remembered
    writeFileSync(join(fan, 'a'), 'xxxxx')
    expect(directorySize(root)).toEqual({ files: 1, bytes: 1 })
    // a new entry moves the directory's times: read again
    writeFileSync(join(fan, 'b'), 'yy')
    expect(directorySize(root)).toEqual({ files: 2, bytes: 7 })
  })

  it('reads a directory that changed within the last two seconds every time', () => {
    const root = tempDir()
    writeFileSync(join(root, 'a'), 'x')
    expect(directorySize(root)).toEqual({ files: 1, bytes: 1 })
    writeFileSync(join(root, 'a'), 'xxx')
    expect(directorySize(root)).toEqual({ files: 1, bytes: 3 })
  })
})
