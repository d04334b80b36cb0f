/**
 * The file-system calls the object store makes, behind a small interface, so that a test can put a layer
 * between the store and the disk (a write that fails with ENOSPC half-way, a file that changes while it
 * is read) without mocking Node. `nodeIo` is the real thing.
 *
 * @example
 * const io: StoreIo = { ...nodeIo, open: async (p, f, m) => wrap(await nodeIo.open(p, f, m)) }
 * openObjectStore(projectDir, { io })
 */
import { constants, promises as fsp, type BigIntStats, type Dirent } from 'node:fs'

/** The calls made on an open file. Node's FileHandle has them all. */
export interface StoreHandle {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>
  write(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>
  /** fsync: data and metadata on disk. */
  sync(): Promise<void>
  /** fdatasync: data on disk (used to start write-back early, during a long copy). */
  datasync(): Promise<void>
  stat(options: { bigint: true }): Promise<BigIntStats>
  close(): Promise<void>
}

/** The path-level calls the store makes. */
export interface StoreIo {
  open(path: string, flags: string, mode?: number): Promise<StoreHandle>
  stat(path: string, options: { bigint: true }): Promise<BigIntStats>
  lstat(path: string, options: { bigint: true }): Promise<BigIntStats>
  readdir(path: string, options: { withFileTypes: true }): Promise<Dirent[]>
  mkdir(path: string, options: { recursive: true }): Promise<unknown>
  rename(from: string, to: string): Promise<void>
  unlink(path: string): Promise<void>
  chmod(path: string, mode: number): Promise<void>
  utimes(path: string, atime: Date, mtime: Date): Promise<void>
  /** fs.copyFile; the store passes COPYFILE_FICLONE_FORCE to ask for a copy-on-write clone only. */
  copyFile(from: string, to: string, mode: number): Promise<void>
}

/** The real file system (node:fs/promises). */
export const nodeIo: StoreIo = {
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  stat: (path, options) => fsp.stat(path, options),
  lstat: (path, options) => fsp.lstat(path, options),
  readdir: (path, options) => fsp.readdir(path, options),
  mkdir: (path, options) => fsp.mkdir(path, options),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  chmod: (path, mode) => fsp.chmod(path, mode),
  utimes: (path, atime, mtime) => fsp.utimes(path, atime, mtime),
  copyFile: (from, to, mode) => fsp.copyFile(from, to, mode),
}

/** copyFile mode that clones (reflink) or fails: never a silent byte copy. */
export const CLONE_ONLY = constants.COPYFILE_FICLONE_FORCE
