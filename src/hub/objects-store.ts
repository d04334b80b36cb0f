/**
 * What the hub's objects store does, wherever it keeps the bytes (a shared directory, an S3-compatible
 * bucket: src/hub/hub-objects.ts picks one from `--objects`): the size of an object by hash, a put of a
 * local file, and a read of its bytes.
 *
 * @example
 * if ((await objects.size(hash)) !== size) await objects.put(hash, localFile, size)
 * new Response(objects.open(hash, { start: 0, end: 99 }))
 */

/** An objects store of the hub. */
export interface HubObjects {
  /** The directory or s3:// location, for messages. */
  readonly where: string
  /** The stored object's size in bytes, or -1 when it is not there. */
  size(hash: string): Promise<number>
  /** Stores the local file `file` (of `size` bytes) as object `hash`. */
  put(hash: string, file: string, size: number): Promise<void>
  /** The object's bytes (`range`: inclusive byte offsets). */
  open(hash: string, range?: { start: number; end: number }): ReadableStream<Uint8Array>
}
