/**
 * Verification: re-hashes every object of the store and checks every reference against it. Reports
 * corrupt objects (content no longer matches the name), missing ones (referenced, absent), invalid
 * references (not a sha256 digest), and strays (files in the store that are not objects).
 *
 * @example
 * const report = await verifyObjects(ctx, () => references)
 * if (!report.ok) process.exitCode = 1
 */
import { createHash } from 'node:crypto'
import type { StoreContext } from './context.js'
import { inputError } from './errors.js'
import { isHash } from './layout.js'
import { walkObjects } from './list.js'
import { pump } from './pump.js'

/** Where a field refers to an object. */
export interface ObjectReference {
  /** The referenced hash as stored (checked to be a sha256 digest by verify). */
  hash: string
  /** The run (container) id, like 'DEMO-3'. */
  run: string
  /** The field path; for a FileSet member, the field path then '/' then the file's path in the set. */
  path: string
  /** The step, for a FileSeries entry. */
  step?: number
}

/** What a verification found. */
export interface VerifyReport {
  /** Objects hashed, and their bytes. */
  objects: number
  bytes: number
  /** Objects whose content hashes to something else (`actual`), or could not be read. */
  corrupt: { hash: string; actual: string; path: string }[]
  /** References to objects not in the store (corrupt objects are listed there, not here). */
  missing: ObjectReference[]
  /** References that are not sha256 digests. */
  invalid: ObjectReference[]
  /** Files in objects/sha256 that are not objects (left alone by gc and verify). */
  strays: string[]
  /** Objects no reference points to (gc candidates). */
  unreferenced: number
  /** True when nothing is corrupt, missing or invalid. */
  ok: boolean
}

async function hashObject(ctx: StoreContext, path: string): Promise<string> {
  let handle
  try {
    handle = await ctx.io.open(path, 'r')
    const hash = createHash('sha256')
    const sizeHint = Number((await handle.stat({ bigint: true })).size)
    await pump(handle, undefined, hash, {
      mapRead: (e) => inputError(e, path),
      chunkBytes: ctx.chunkBytes,
      sizeHint,
    })
    return hash.digest('hex')
  } catch (error) {
    return `unreadable: ${(error as Error).message.split('\n')[0]}`
  } finally {
    await handle?.close().catch(() => {})
  }
}

/**
 * Re-hashes the store and checks the references `references()` lists (called after the listing).
 * `onObject(n)` is called after each object hashed (a recorded operation's progress; it may throw to stop).
 */
export async function verifyObjects(
  ctx: StoreContext,
  references: () => readonly ObjectReference[],
  onObject?: (hashed: number) => void,
): Promise<VerifyReport> {
  const report: VerifyReport = {
    objects: 0,
    bytes: 0,
    corrupt: [],
    missing: [],
    invalid: [],
    strays: [],
    unreferenced: 0,
    ok: true,
  }
  const stored = new Set<string>()
  for await (const entry of walkObjects(ctx)) {
    if (entry.kind === 'stray') {
      report.strays.push(entry.path)
      continue
    }
    report.objects++
    report.bytes += entry.size
    stored.add(entry.hash)
    const actual = await hashObject(ctx, entry.path)
    if (actual !== entry.hash) report.corrupt.push({ hash: entry.hash, actual, path: entry.path })
    onObject?.(report.objects)
  }
  const used = new Set<string>()
  for (const reference of references()) {
    if (!isHash(reference.hash)) report.invalid.push(reference)
    else if (!stored.has(reference.hash)) report.missing.push(reference)
    used.add(reference.hash)
  }
  for (const hash of stored) if (!used.has(hash)) report.unreferenced++
  report.ok = report.corrupt.length === 0 && report.missing.length === 0 && report.invalid.length === 0
  return report
}
