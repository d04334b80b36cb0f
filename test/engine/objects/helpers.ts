/** Helpers for object-store tests: random files on the real disk, hashes, an I/O layer that fails on purpose. */
import { createHash, randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { nodeIo, type StoreHandle, type StoreIo } from '../../../src/engine/objects/io.js'
import { tempDir } from '../../helpers/tmp.js'

/** sha256 hex of `bytes`. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Writes `size` random bytes to a new file; returns its path and content. */
export function randomFile(
  size: number,
  name = 'data.bin',
  dir = tempDir(),
): { path: string; bytes: Buffer } {
  const bytes = randomBytes(size)
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return { path, bytes }
}

/** An errno error as Node's fs reports it. */
export function errnoError(code: string, syscall: string): NodeJS.ErrnoException {
  const errnos: Record<string, number> = { ENOSPC: -28, EIO: -5, EDQUOT: -122 }
  return Object.assign(new Error(`${code}: simulated, ${syscall}`), {
    code,
    errno: errnos[code] ?? -1,
    syscall,
  })
}

/**
 * An I/O layer whose handles opened for writing fail like a full disk: writes succeed until
 * `budget` bytes, then a write (or the fsync, with `at: 'sync'`) fails with `code`.
 */
export function fullDiskIo(budget: number, code = 'ENOSPC', at: 'write' | 'sync' = 'write'): StoreIo {
  let used = 0
  return {
    ...nodeIo,
    open: async (path, flags, mode) => {
      const handle = await nodeIo.open(path, flags, mode)
      if (flags === 'r') return handle
      const wrapped: StoreHandle = {
        read: (...args) => handle.read(...args),
        stat: (options) => handle.stat(options),
        close: () => handle.close(),
        datasync: () => handle.datasync(),
        sync: async () => {
          if (at === 'sync') throw errnoError(code, 'fsync')
          return handle.sync()
        },
        write: async (buffer, offset, length, position) => {
          if (at === 'write' && used + length > budget) {
            const room = Math.max(0, budget - used)
            if (room > 0) {
              used += room
              return handle.write(buffer, offset, room, position) // a short write, then the failure
            }
            throw errnoError(code, 'write')
          }
          used += length
          return handle.write(buffer, offset, length, position)
        },
      }
      return wrapped
    },
  }
}

/** An I/O layer that calls `onRead(count)` before each read of a file opened read-only. */
export function readHookIo(onRead: (path: string, count: number) => void): StoreIo {
  return {
    ...nodeIo,
    open: async (path, flags, mode) => {
      const handle = await nodeIo.open(path, flags, mode)
      if (flags !== 'r') return handle
      let count = 0
      return {
        read: (buffer, offset, length, position) => {
          onRead(path, count++)
          return handle.read(buffer, offset, length, position)
        },
        write: (...args) => handle.write(...args),
        stat: (options) => handle.stat(options),
        close: () => handle.close(),
        sync: () => handle.sync(),
        datasync: () => handle.datasync(),
      }
    },
  }
}
