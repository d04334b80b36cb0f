/**
 * The object store of a project: immutable blobs in `objects/sha256/ab/<hash>`, named by the sha256 of
 * their content, written through a temp file, fsync and rename, never written twice. This class ties the
 * functions of this folder to one project directory and one I/O layer.
 *
 * @example
 * const store = openObjectStore('/p')
 * const { hash } = await store.putFile('weights.pt')
 * await store.copyOut(hash, 'restored.pt')
 * await store.gc(() => new Set([hash]), { graceMs: 0 })
 */
import type { PutResult } from './commit.js'
import { storeContext, type OverlapOptions, type StoreContext } from './context.js'
import { collectGarbage, type GcOptions, type GcReport } from './gc.js'
import { nodeIo, type StoreIo } from './io.js'
import { objectPath, objectsDirOf } from './layout.js'
import { walkObjects, type StoreEntry } from './list.js'
import { putBytes, putFile, type PutFileOptions } from './put.js'
import { copyOut } from './read.js'
import { verifyObjects, type ObjectReference, type VerifyReport } from './verify.js'

/** Options of {@link openObjectStore}. */
export interface ObjectStoreOptions {
  /** The file-system layer (default: node:fs); tests pass one that fails on purpose. */
  io?: StoreIo
  /** Bytes per read during a copy (default 4 MiB). */
  chunkBytes?: number
  /** When a large file is copied by the kernel while it is hashed (default: files of 64 MiB and more, at rest 2 s). */
  overlap?: Partial<OverlapOptions>
}

/** The object store of one project directory. */
export class ObjectStore {
  /** The objects/ directory. */
  readonly dir: string
  private readonly ctx: StoreContext

  constructor(projectDir: string, options: ObjectStoreOptions = {}) {
    this.dir = objectsDirOf(projectDir)
    this.ctx = storeContext(this.dir, options.io ?? nodeIo, options.chunkBytes, options.overlap)
  }

  /** Whether a copy-on-write clone into this store worked (undefined until a file was put). */
  get cloneSupported(): boolean | undefined {
    return this.ctx.cloneSupported
  }

  /** Stores the file at `path`; see {@link putFile}. */
  putFile(path: string, options?: PutFileOptions): Promise<PutResult> {
    return putFile(this.ctx, path, options)
  }

  /** Stores `bytes`; see {@link putBytes}. */
  putBytes(bytes: Uint8Array): Promise<PutResult> {
    return putBytes(this.ctx, bytes)
  }

  /** The path of object `hash` (which must be a sha256 hex digest). */
  pathOf(hash: string): string {
    return objectPath(this.dir, hash)
  }

  /** True if object `hash` is in the store. */
  async has(hash: string): Promise<boolean> {
    try {
      return (await this.ctx.io.stat(this.pathOf(hash), { bigint: true })).isFile()
    } catch {
      return false
    }
  }

  /** Writes object `hash` to `dest`, checking its hash; see {@link copyOut}. */
  copyOut(hash: string, dest: string): Promise<void> {
    return copyOut(this.ctx, hash, dest)
  }

  /** Every object (and stray file) in the store. */
  list(): AsyncGenerator<StoreEntry> {
    return walkObjects(this.ctx)
  }

  /** Removes unreferenced objects past the grace period; see {@link collectGarbage}. */
  gc(
    referenced: () => ReadonlySet<string>,
    options?: GcOptions,
    onObject?: (seen: number, total: number) => void,
  ): Promise<GcReport> {
    return collectGarbage(this.ctx, referenced, options, onObject)
  }

  /** Re-hashes every object and checks every reference; see {@link verifyObjects}. */
  verify(
    references: () => readonly ObjectReference[],
    onObject?: (hashed: number) => void,
  ): Promise<VerifyReport> {
    return verifyObjects(this.ctx, references, onObject)
  }
}

/**
 * The object store of the project at `projectDir` (objects/ is created on the first put).
 *
 * @example
 * const store = openObjectStore(project.dir)
 */
export function openObjectStore(projectDir: string, options?: ObjectStoreOptions): ObjectStore {
  return new ObjectStore(projectDir, options)
}

export type {
  PutResult,
  PutFileOptions,
  GcOptions,
  GcReport,
  ObjectReference,
  VerifyReport,
  StoreEntry,
  StoreIo,
}
