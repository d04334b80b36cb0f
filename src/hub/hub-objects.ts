/**
 * Where the hub's objects (file contents by sha256) live: a shared directory every host and the viewer
 * see (`--objects DIR`, the project's own layout `sha256/ab/<hash>`, written through a temporary name and a
 * rename) or an S3-compatible bucket (`--objects s3://BUCKET/PREFIX`, src/hub/s3-objects.ts). Syncs put
 * objects there before the rows that name them; the hub's viewer reads them by hash.
 *
 * @example
 * const objects = hubObjects('/shared/nereid-objects')   // or hubObjects('s3://team-hub/nereid')
 * if ((await objects.size(hash)) !== size) await objects.put(hash, localFile, size)
 */
import { createReadStream } from 'node:fs'
import { copyFile, mkdir, rename, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { objectPath } from './objects.js'
import type { HubObjects } from './objects-store.js'
import { s3Objects } from './s3-objects.js'

export type { HubObjects }

/** A shared directory as the hub's objects. */
function directoryObjects(dir: string): HubObjects {
  return {
    where: dir,
    size: (hash) =>
      stat(objectPath(dir, hash)).then(
        (s) => (s.isFile() ? s.size : -1),
        () => -1,
      ),
    async put(hash, file) {
      const to = objectPath(dir, hash)
      await mkdir(join(to, '..'), { recursive: true })
      const partial = `${to}.${process.pid}.partial`
      await copyFile(file, partial)
      await rename(partial, to)
    },
    open: (hash, range) =>
      Readable.toWeb(
        createReadStream(objectPath(dir, hash), range ? { start: range.start, end: range.end } : {}),
      ) as ReadableStream<Uint8Array>,
  }
}

/** The objects store `spec` names: s3://BUCKET/PREFIX, or a directory. */
export function hubObjects(spec: string): HubObjects {
  return spec.startsWith('s3://') ? s3Objects(spec) : directoryObjects(spec)
}
