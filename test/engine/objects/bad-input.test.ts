/**
 * Bad input to the object store: each case is a typed error with a code and a hint, and the store is left
 * exactly as it was (no object, no temp file).
 */
import { execFileSync } from 'node:child_process'
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { NereidError } from '../../../src/engine/errors.js'
import {
  DiskFullError,
  FileChangedError,
  FileNotFoundError,
  FileUnreadableError,
  NotAFileError,
  SymlinkLoopError,
} from '../../../src/engine/objects/errors.js'
import { openObjectStore } from '../../../src/engine/objects/store.js'
import { tempDir } from '../../helpers/tmp.js'
import { fullDiskIo, randomFile, readHookIo, sha256 } from './helpers.js'

/** Every file under objects/ (objects and temp files). */
function storeFiles(project: string): string[] {
  const root = join(project, 'objects')
  if (!existsSync(root)) return []
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort()
}

async function expectTyped(
  promise: Promise<unknown>,
  type: new (...args: never[]) => NereidError,
  code: string,
): Promise<NereidError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(type)
  const typed = error as NereidError
  expect(typed.code).toBe(code)
  expect(typed.hint.length).toBeGreaterThan(10)
  return typed
}

describe('object store: bad input', () => {
  it('a missing file is FILE_NOT_FOUND', async () => {
    const project = tempDir()
    await expectTyped(
      openObjectStore(project).putFile(join(tempDir(), 'nope.bin')),
      FileNotFoundError,
      'FILE_NOT_FOUND',
    )
    expect(storeFiles(project)).toEqual([])
  })

  it('a path through a file (ENOTDIR) is FILE_NOT_FOUND', async () => {
    const project = tempDir()
    const { path } = randomFile(10)
    const error = await expectTyped(
      openObjectStore(project).putFile(join(path, 'inner.bin')),
      FileNotFoundError,
      'FILE_NOT_FOUND',
    )
    expect(error.message).toContain('a directory in that path is a file')
  })

  it('a directory is NOT_A_FILE, with a hint towards uploadFiles', async () => {
    const project = tempDir()
    const error = await expectTyped(openObjectStore(project).putFile(tempDir()), NotAFileError, 'NOT_A_FILE')
    expect(error.hint).toContain('uploadFiles')
    expect(storeFiles(project)).toEqual([])
  })

  it('a FIFO is NOT_A_FILE (and is never opened, so nothing blocks)', async () => {
    const fifo = join(tempDir(), 'pipe')
    execFileSync('mkfifo', [fifo])
    await expectTyped(openObjectStore(tempDir()).putFile(fifo), NotAFileError, 'NOT_A_FILE')
  })

  it('a symlink loop is SYMLINK_LOOP', async () => {
    const dir = tempDir()
    symlinkSync(join(dir, 'b'), join(dir, 'a'))
    symlinkSync(join(dir, 'a'), join(dir, 'b'))
    const project = tempDir()
    await expectTyped(openObjectStore(project).putFile(join(dir, 'a')), SymlinkLoopError, 'SYMLINK_LOOP')
    expect(storeFiles(project)).toEqual([])
  })

  it('a dangling symlink is FILE_NOT_FOUND', async () => {
    const dir = tempDir()
    symlinkSync(join(dir, 'gone'), join(dir, 'link'))
    await expectTyped(
      openObjectStore(tempDir()).putFile(join(dir, 'link')),
      FileNotFoundError,
      'FILE_NOT_FOUND',
    )
  })

  it('a symlink to a file is followed', async () => {
    const { path, bytes } = randomFile(1000)
    const link = join(tempDir(), 'link')
    symlinkSync(path, link)
    expect((await openObjectStore(tempDir()).putFile(link)).hash).toBe(sha256(bytes))
  })

  it('a file without read permission is FILE_UNREADABLE', async () => {
    const { path } = randomFile(100)
    chmodSync(path, 0o000)
    const project = tempDir()
    mkdirSync(project, { recursive: true })
    const store = openObjectStore(project)
    // Tests run as root here, and root reads any file; drop to the 'nobody' user for the open itself
    // (seteuid changes every thread of this test process, including the fs thread pool).
    const asRoot = process.geteuid?.() === 0
    if (asRoot) {
      process.setegid!(65534)
      process.seteuid!(65534)
    }
    let attempt: Promise<unknown>
    try {
      attempt = store.putFile(path)
      await attempt.catch(() => {})
    } finally {
      if (asRoot) {
        process.seteuid!(0)
        process.setegid!(0)
      }
    }
    await expectTyped(attempt, FileUnreadableError, 'FILE_UNREADABLE')
    expect(storeFiles(project)).toEqual([])
  })

  it('a read that fails with EIO is FILE_UNREADABLE (a real one: /proc/self/mem at offset 0)', async () => {
    const project = tempDir()
    const error = await expectTyped(
      openObjectStore(project).putFile('/proc/self/mem'),
      FileUnreadableError,
      'FILE_UNREADABLE',
    )
    expect(error.message).toContain('/proc/self/mem')
    expect(storeFiles(project)).toEqual([])
  })

  it('a file that changes once during the copy is copied again and stored as it ends up', async () => {
    const { path } = randomFile(64 * 1024)
    let changed = false
    const io = readHookIo((p, count) => {
      if (p === path && count === 1 && !changed) {
        changed = true
        appendFileSync(path, 'more')
      }
    })
    const project = tempDir()
    const put = await openObjectStore(project, { io, chunkBytes: 4096 }).putFile(path)
    expect(changed).toBe(true)
    expect(put.hash).toBe(sha256(readFileSync(path)))
    expect(put.size).toBe(64 * 1024 + 4)
    expect(storeFiles(project).filter((f) => f.startsWith('tmp/'))).toEqual([])
  })

  it('a file that keeps changing is FILE_CHANGED after one retry, and nothing is stored', async () => {
    const { path } = randomFile(64 * 1024)
    let copies = 0
    const io = readHookIo((p, count) => {
      if (p !== path || count !== 2) return
      copies++
      const later = new Date(Date.now() + copies * 1000)
      writeFileSync(path, readFileSync(path)) // same size, new mtime
      utimesSync(path, later, later)
    })
    const project = tempDir()
    await expectTyped(
      openObjectStore(project, { io, chunkBytes: 4096 }).putFile(path),
      FileChangedError,
      'FILE_CHANGED',
    )
    expect(copies).toBe(2)
    expect(storeFiles(project)).toEqual([])
  })

  it('the disk filling up during the copy is DISK_FULL: temp file removed, store unchanged', async () => {
    const project = tempDir()
    const first = randomFile(10_000)
    const good = openObjectStore(project)
    const kept = await good.putFile(first.path)
    const before = storeFiles(project)
    const { path } = randomFile(200_000)
    const full = openObjectStore(project, { io: fullDiskIo(50_000), chunkBytes: 16_384 })
    const error = await expectTyped(full.putFile(path), DiskFullError, 'DISK_FULL')
    expect(error.hint).toContain('gc')
    expect(storeFiles(project)).toEqual(before)
    expect(readFileSync(good.pathOf(kept.hash)).equals(first.bytes)).toBe(true)
  })

  it('ENOSPC at fsync (delayed allocation) is DISK_FULL too, and bytes too', async () => {
    const project = tempDir()
    const { path } = randomFile(20_000)
    await expectTyped(
      openObjectStore(project, { io: fullDiskIo(0, 'ENOSPC', 'sync') }).putFile(path),
      DiskFullError,
      'DISK_FULL',
    )
    await expectTyped(
      openObjectStore(project, { io: fullDiskIo(100) }).putBytes(Buffer.alloc(5000, 1)),
      DiskFullError,
      'DISK_FULL',
    )
    await expectTyped(
      openObjectStore(project, { io: fullDiskIo(100, 'EDQUOT') }).putFile(path),
      DiskFullError,
      'DISK_FULL',
    )
    expect(storeFiles(project).filter((f) => f.startsWith('tmp/') || f.startsWith('sha256/'))).toEqual([])
  })

  describe.skipIf(!smallTmpfs)('on a real full disk (a 1 MiB tmpfs)', () => {
    it('a real ENOSPC is DISK_FULL: temp file removed, earlier objects intact', async () => {
      const project = join(smallTmpfs!, 'proj')
      const store = openObjectStore(project)
      const small = randomFile(100_000)
      const kept = await store.putFile(small.path)
      const before = storeFiles(project)
      const big = randomFile(3 << 20)
      await expectTyped(store.putFile(big.path), DiskFullError, 'DISK_FULL')
      expect(storeFiles(project)).toEqual(before)
      expect(readFileSync(store.pathOf(kept.hash)).equals(small.bytes)).toBe(true)
      // and the store still works once there is room
      expect((await store.putBytes(Buffer.from('after'))).written).toBe(true)
    })
  })
})

/** A 1 MiB tmpfs to fill for real, when this process may mount one (root with CAP_SYS_ADMIN); else undefined. */
const smallTmpfs: string | undefined = (() => {
  const dir = tempDir('nereid-tmpfs-')
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' })
  } catch {
    return undefined // cannot mount here: the injected ENOSPC tests above still cover the logic
  }
  afterAll(() => {
    execFileSync('umount', [dir], { stdio: 'ignore' })
  })
  return dir
})()
