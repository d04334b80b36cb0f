import {
  chmodSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openObjectStore } from '../../../src/engine/objects/store.js'
import { CorruptDataError } from '../../../src/engine/errors.js'
import { nodeIo, type StoreHandle } from '../../../src/engine/objects/io.js'
import { tempDir } from '../../helpers/tmp.js'
import { randomFile, sha256 } from './helpers.js'

function tempNames(projectDir: string): string[] {
  const dir = join(projectDir, 'objects', 'tmp')
  return existsSync(dir) ? readdirSync(dir) : []
}

describe('object store: put and read back', () => {
  // Small chunks so that files cross many chunk boundaries, and the three-buffer rotation is exercised.
  const chunkBytes = 4096
  for (const size of [0, 1, 4095, 4096, 4097, 3 * 4096, 3 * 4096 + 1, 200_000]) {
    it(`round-trips a ${size}-byte file bit-exact under objects/sha256/ab/<hex>`, async () => {
      const project = tempDir()
      const store = openObjectStore(project, { chunkBytes })
      const { path, bytes } = randomFile(size)
      const put = await store.putFile(path)
      expect(put).toEqual({ hash: sha256(bytes), size, written: true, cloned: false })
      const object = join(project, 'objects', 'sha256', put.hash.slice(0, 2), put.hash)
      expect(store.pathOf(put.hash)).toBe(object)
      expect(readFileSync(object).equals(bytes)).toBe(true)
      expect(statSync(object).mode & 0o777).toBe(0o444)
      const out = join(tempDir(), 'nested', 'out.bin')
      await store.copyOut(put.hash, out)
      expect(readFileSync(out).equals(bytes)).toBe(true)
      expect(tempNames(project)).toEqual([])
    })
  }

  it('stores bytes, and the same content from a file or bytes is one object', async () => {
    const project = tempDir()
    const store = openObjectStore(project)
    const { path, bytes } = randomFile(10_000)
    const a = await store.putBytes(bytes)
    const b = await store.putFile(path)
    const c = await store.putBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    expect(a.written).toBe(true)
    expect(b).toMatchObject({ hash: a.hash, written: false })
    expect(c).toMatchObject({ hash: a.hash, written: false })
    expect(readdirSync(join(project, 'objects', 'sha256', a.hash.slice(0, 2)))).toEqual([a.hash])
    expect(tempNames(project)).toEqual([])
  })

  it('does not write an existing object again, but refreshes its mtime for the gc grace period', async () => {
    const project = tempDir()
    const store = openObjectStore(project)
    const { path } = randomFile(5000)
    const { hash } = await store.putFile(path)
    const object = store.pathOf(hash)
    const old = new Date(Date.now() - 10 * 24 * 3600 * 1000)
    utimesSync(object, old, old)
    const inode = statSync(object).ino
    for (const hashFirst of [false, true]) {
      const again = await store.putFile(path, { hashFirst })
      expect(again.written).toBe(false)
      expect(statSync(object).ino).toBe(inode) // not replaced
      expect(statSync(object).mtimeMs).toBeGreaterThan(Date.now() - 60_000)
      utimesSync(object, old, old)
    }
  })

  it('hashFirst stores new content in full', async () => {
    const store = openObjectStore(tempDir())
    const { path, bytes } = randomFile(50_000)
    const put = await store.putFile(path, { hashFirst: true })
    expect(put.written).toBe(true)
    expect(readFileSync(store.pathOf(put.hash)).equals(bytes)).toBe(true)
  })

  it('replaces a stored object whose size is wrong (a truncated copy) with the good content', async () => {
    const project = tempDir()
    const store = openObjectStore(project)
    const { path, bytes } = randomFile(8000)
    const { hash } = await store.putFile(path)
    chmodSync(store.pathOf(hash), 0o644)
    writeFileSync(store.pathOf(hash), bytes.subarray(0, 100))
    const again = await store.putFile(path)
    expect(again.written).toBe(true)
    expect(readFileSync(store.pathOf(hash)).equals(bytes)).toBe(true)
  })

  it('never builds a path from anything but a sha256 digest', async () => {
    const store = openObjectStore(tempDir())
    for (const bad of ['../../etc/passwd', 'AB'.repeat(32), 'ab', '']) {
      expect(() => store.pathOf(bad)).toThrow(CorruptDataError)
    }
    await expect(store.copyOut('../x', join(tempDir(), 'o'))).rejects.toThrow(CorruptDataError)
  })

  it('a file named like a path or a hash is stored by its content hash only', async () => {
    const project = tempDir()
    const store = openObjectStore(project)
    const dir = tempDir()
    const sneaky = join(dir, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    writeFileSync(sneaky, 'not empty')
    const put = await store.putFile(sneaky)
    expect(put.hash).toBe(sha256(Buffer.from('not empty')))
    expect(readdirSync(join(project, 'objects', 'sha256'))).toEqual([put.hash.slice(0, 2)])
  })

  it('copyOut refuses a damaged object and leaves no file behind', async () => {
    const store = openObjectStore(tempDir())
    const { path } = randomFile(3000)
    const { hash } = await store.putFile(path)
    const object = store.pathOf(hash)
    chmodSync(object, 0o644)
    const bytes = readFileSync(object)
    bytes[1500] = bytes[1500]! ^ 0x01
    writeFileSync(object, bytes)
    const outDir = tempDir()
    await expect(store.copyOut(hash, join(outDir, 'x.bin'))).rejects.toMatchObject({ code: 'OBJECT_CORRUPT' })
    expect(readdirSync(outDir)).toEqual([])
  })

  it('copyOut of an object that is not there is OBJECT_MISSING', async () => {
    const store = openObjectStore(tempDir())
    await expect(store.copyOut(sha256(Buffer.from('x')), join(tempDir(), 'x'))).rejects.toMatchObject({
      code: 'OBJECT_MISSING',
    })
  })

  it('reports whether a copy-on-write clone was possible (and the copy is right either way)', async () => {
    const store = openObjectStore(tempDir())
    expect(store.cloneSupported).toBeUndefined()
    const { path, bytes } = randomFile(70_000)
    const put = await store.putFile(path)
    expect(typeof store.cloneSupported).toBe('boolean')
    expect(put.cloned).toBe(store.cloneSupported)
    expect(readFileSync(store.pathOf(put.hash)).equals(bytes)).toBe(true)
  })

  it('takes the clone path where a clone works: hashes the clone, then renames it into place', async () => {
    // A layer whose copyFile honours the clone-only flag with a plain copy, as a reflink file system would.
    const calls: number[] = []
    const io = {
      ...nodeIo,
      copyFile: async (from: string, to: string, mode: number) => (
        calls.push(mode),
        nodeIo.copyFile(from, to, 0)
      ),
    }
    const project = tempDir()
    const store = openObjectStore(project, { io, chunkBytes: 4096 })
    const { path, bytes } = randomFile(50_000)
    const put = await store.putFile(path)
    expect(put).toMatchObject({ hash: sha256(bytes), size: 50_000, written: true, cloned: true })
    expect(calls.length).toBe(1)
    expect(store.cloneSupported).toBe(true)
    expect(readFileSync(store.pathOf(put.hash)).equals(bytes)).toBe(true)
    expect(statSync(store.pathOf(put.hash)).mode & 0o777).toBe(0o444)
    expect(tempNames(project)).toEqual([])
    expect((await store.putFile(path)).written).toBe(false)
    expect(tempNames(project)).toEqual([])
  })

  it('stops trying clones once the file system said it cannot', async () => {
    let tries = 0
    const io = {
      ...nodeIo,
      copyFile: async () => {
        tries++
        throw Object.assign(new Error('ENOTSUP'), { code: 'ENOTSUP' })
      },
    }
    const store = openObjectStore(tempDir(), { io })
    for (let i = 0; i < 3; i++) await store.putFile(randomFile(100 + i).path)
    expect(tries).toBe(1)
    expect(store.cloneSupported).toBe(false)
  })

  it('a file put before and unchanged is hashed first (no byte written); a rewritten one is copied in one pass', async () => {
    let written = 0
    let reads = 0
    const io = {
      ...nodeIo,
      open: async (path: string, flags: string, mode?: number) => {
        const handle = await nodeIo.open(path, flags, mode)
        const write = handle.write.bind(handle) as StoreHandle['write']
        const read = handle.read.bind(handle) as StoreHandle['read']
        return Object.assign(handle, {
          write: (b: Buffer, o: number, l: number, p: number) => ((written += l), write(b, o, l, p)),
          read: (b: Buffer, o: number, l: number, p: number) => (reads++, read(b, o, l, p)),
        })
      },
    }
    const store = openObjectStore(tempDir(), { io, chunkBytes: 4096 })
    const { path, bytes } = randomFile(40_960)
    await store.putFile(path)
    expect(written).toBe(40_960)
    const readsOnce = reads
    expect((await store.putFile(path)).written).toBe(false)
    expect(written).toBe(40_960) // hashed only
    expect(reads).toBe(2 * readsOnce)
    const later = new Date(Date.now() + 5000)
    writeFileSync(path, Buffer.concat([bytes.subarray(1), Buffer.from([7])]))
    utimesSync(path, later, later)
    expect((await store.putFile(path)).written).toBe(true)
    expect(written).toBe(2 * 40_960)
    expect(reads).toBe(3 * readsOnce) // one pass: no hash-first read for a changed file
  })

  it('a store whose objects/ directory was removed meanwhile makes it again', async () => {
    const project = tempDir()
    const store = openObjectStore(project)
    await store.putBytes(Buffer.from('one'))
    rmSync(join(project, 'objects'), { recursive: true })
    const { path, bytes } = randomFile(1000)
    const put = await store.putFile(path)
    expect(readFileSync(store.pathOf(put.hash)).equals(bytes)).toBe(true)
    expect((await store.putBytes(Buffer.from('two'))).written).toBe(true)
  })
})
