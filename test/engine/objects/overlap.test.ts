/**
 * The overlapped copy of a large file (the kernel copies while the main thread hashes): the object is
 * the file's bytes under their hash, a source that changes meanwhile is copied again or refused, a copy
 * that fails is a typed error with nothing left in objects/, and a file written just now is not taken
 * this way.
 */
import {
  chmodSync,
  constants,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { NereidError } from '../../../src/engine/errors.js'
import { DiskFullError, FileChangedError, FileNotFoundError } from '../../../src/engine/objects/errors.js'
import { nodeIo, type StoreIo } from '../../../src/engine/objects/io.js'
import { openObjectStore } from '../../../src/engine/objects/store.js'
import { tempDir } from '../../helpers/tmp.js'
import { errnoError, randomFile, sha256 } from './helpers.js'

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
  type: new (...a: never[]) => NereidError,
  code: string,
) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(type)
  expect((error as NereidError).code).toBe(code)
  expect((error as NereidError).hint).toBeTruthy()
}

/** An I/O layer whose plain copies (not clone attempts) run `after` once the real copy is done. */
function copyHookIo(after: (from: string, to: string, count: number) => void): {
  io: StoreIo
  modes: number[]
} {
  const modes: number[] = []
  let count = 0
  const io: StoreIo = {
    ...nodeIo,
    copyFile: async (from, to, mode) => {
      modes.push(mode)
      await nodeIo.copyFile(from, to, mode)
      if (mode !== constants.COPYFILE_FICLONE_FORCE) after(from, to, ++count)
    },
  }
  return { io, modes }
}

/** A random file whose ctime is a few clock ticks old, so a later write moves it. */
async function restingFile(size: number): Promise<{ path: string; bytes: Buffer }> {
  const file = randomFile(size)
  await sleep(60)
  return file
}

const overlap = { minBytes: 0, quietMs: 30 }

describe('object store: overlapped copy of a large file', () => {
  it('stores the bytes under their hash, read-only, through a kernel copy, and dedups a second put', async () => {
    const { io, modes } = copyHookIo(() => {})
    const project = tempDir()
    const store = openObjectStore(project, { io, chunkBytes: 4096, overlap })
    const { path, bytes } = await restingFile(300_001)
    const put = await store.putFile(path)
    expect(put).toMatchObject({ hash: sha256(bytes), size: 300_001, written: true })
    if (!put.cloned) expect(modes).toContain(constants.COPYFILE_EXCL)
    expect(readFileSync(store.pathOf(put.hash)).equals(bytes)).toBe(true)
    expect(statSync(store.pathOf(put.hash)).mode & 0o777).toBe(0o444)
    expect(storeFiles(project)).toEqual([`sha256/${put.hash.slice(0, 2)}/${put.hash}`])
    const again = await openObjectStore(project, { io, overlap }).putFile(path)
    expect(again).toMatchObject({ hash: put.hash, written: false })
    expect(storeFiles(project)).toEqual([`sha256/${put.hash.slice(0, 2)}/${put.hash}`])
  })

  it('stores a read-only source (the kernel copy takes its mode 0444; the store still fsyncs it)', async () => {
    const { io, modes } = copyHookIo(() => {})
    const project = tempDir()
    const { path, bytes } = await restingFile(100_000)
    chmodSync(path, 0o444)
    await sleep(60) // chmod moved ctime: rest again
    const put = await openObjectStore(project, { io, overlap }).putFile(path)
    expect(put).toMatchObject({ hash: sha256(bytes), written: true })
    expect(modes).toContain(constants.COPYFILE_EXCL)
    expect(
      readFileSync(join(project, 'objects', 'sha256', put.hash.slice(0, 2), put.hash)).equals(bytes),
    ).toBe(true)
    expect(storeFiles(project).filter((f) => f.startsWith('tmp/'))).toEqual([])
  })

  it('is not taken for a file written just now, nor below minBytes (the one-pass copy runs)', async () => {
    const fresh = copyHookIo(() => {})
    const { path, bytes } = randomFile(100_000)
    const put = await openObjectStore(tempDir(), { io: fresh.io, overlap: { minBytes: 0 } }).putFile(path)
    expect(put.hash).toBe(sha256(bytes))
    expect(fresh.modes.filter((m) => m !== constants.COPYFILE_FICLONE_FORCE)).toEqual([])
    const small = copyHookIo(() => {})
    const resting = await restingFile(1000)
    const store = openObjectStore(tempDir(), { io: small.io, overlap: { minBytes: 1001, quietMs: 30 } })
    expect((await store.putFile(resting.path)).hash).toBe(sha256(resting.bytes))
    expect(small.modes.filter((m) => m !== constants.COPYFILE_FICLONE_FORCE)).toEqual([])
  })

  it('a source rewritten during the copy, even with its size and mtime put back, is copied again', async () => {
    const { path, bytes } = randomFile(200_000)
    const mtime = 1_700_000_000 // whole seconds, so that it can be put back to the nanosecond
    utimesSync(path, mtime, mtime)
    await sleep(60)
    const final = Buffer.from(bytes).fill(7, 0, 1000)
    const { io } = copyHookIo((from, _to, count) => {
      if (count !== 1) return
      writeFileSync(from, final) // same size
      utimesSync(from, mtime, mtime) // same mtime: only ctime tells
    })
    const project = tempDir()
    const put = await openObjectStore(project, { io, overlap: { minBytes: 0, quietMs: 0 } }).putFile(path)
    expect(put.hash).toBe(sha256(final))
    expect(
      readFileSync(join(project, 'objects', 'sha256', put.hash.slice(0, 2), put.hash)).equals(final),
    ).toBe(true)
    expect(storeFiles(project).filter((f) => f.startsWith('tmp/'))).toEqual([])
  })

  it('a source that keeps changing is FILE_CHANGED after one retry, and nothing is stored', async () => {
    const { path } = await restingFile(200_000)
    let rewrites = 0
    const { io } = copyHookIo((from) => {
      rewrites++
      writeFileSync(from, readFileSync(from))
    })
    const project = tempDir()
    await expectTyped(
      openObjectStore(project, { io, overlap: { minBytes: 0, quietMs: 0 } }).putFile(path),
      FileChangedError,
      'FILE_CHANGED',
    )
    expect(rewrites).toBe(2)
    expect(storeFiles(project)).toEqual([])
  })

  it('a full disk during the kernel copy is DISK_FULL: temp file removed, earlier objects intact', async () => {
    const project = tempDir()
    const kept = await openObjectStore(project).putBytes(Buffer.from('kept'))
    const before = storeFiles(project)
    const io: StoreIo = {
      ...nodeIo,
      copyFile: async (from, to, mode) => {
        if (mode === constants.COPYFILE_FICLONE_FORCE) return nodeIo.copyFile(from, to, mode)
        writeFileSync(to, Buffer.alloc(5000)) // a part written, as a copy that ran out of space leaves it
        throw errnoError('ENOSPC', 'copyfile')
      },
    }
    const { path } = await restingFile(100_000)
    await expectTyped(openObjectStore(project, { io, overlap }).putFile(path), DiskFullError, 'DISK_FULL')
    expect(storeFiles(project)).toEqual(before)
    expect(readFileSync(join(project, 'objects', 'sha256', kept.hash.slice(0, 2), kept.hash), 'utf8')).toBe(
      'kept',
    )
  })

  it('ENOSPC at the fsync of the copy (delayed allocation) is DISK_FULL, and nothing is stored', async () => {
    const project = tempDir()
    const { path } = await restingFile(100_000)
    const io: StoreIo = {
      ...nodeIo,
      open: async (file, flags, mode) => {
        const handle = await nodeIo.open(file, flags, mode)
        if (!file.includes(`${join('objects', 'tmp')}`)) return handle
        return Object.assign(handle, {
          sync: async () => {
            throw errnoError('ENOSPC', 'fsync')
          },
        })
      },
    }
    await expectTyped(openObjectStore(project, { io, overlap }).putFile(path), DiskFullError, 'DISK_FULL')
    expect(storeFiles(project)).toEqual([])
  })

  it('a source removed during the copy is FILE_NOT_FOUND, and nothing is stored', async () => {
    const io: StoreIo = {
      ...nodeIo,
      copyFile: async (from, to, mode) => {
        if (mode === constants.COPYFILE_FICLONE_FORCE) return nodeIo.copyFile(from, to, mode)
        unlinkSync(from)
        return nodeIo.copyFile(from, to, mode)
      },
    }
    const project = tempDir()
    const { path } = await restingFile(100_000)
    await expectTyped(
      openObjectStore(project, { io, overlap }).putFile(path),
      FileNotFoundError,
      'FILE_NOT_FOUND',
    )
    expect(storeFiles(project)).toEqual([])
  })
})
