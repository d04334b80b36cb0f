/**
 * Stages what `project.import()` reads, inside the target project but outside its data: a private copy of
 * the source's project.db (a VACUUM INTO snapshot of a project directory, which may be live, or the
 * project.db of a checked archive) and every object it references, each hashed while copied. Every refusal
 * (unsafe archive, hash mismatch, missing object, not a project, newer format) happens here, before a byte
 * reaches the target project.
 *
 * @example
 * const staged = await stageSource('/tmp/share.tar', '/p/.import-12-1700000000000', (done, total) => {})
 * staged.database.read(...)   // the source, at the current format
 */
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { openDatabase, type Database } from '../driver/database.js'
import { prepareSchema } from '../driver/migrate.js'
import { snapshotInto } from '../driver/snapshot.js'
import { CorruptDataError, FormatVersionError } from '../errors.js'
import { listReferences } from '../files/references.js'
import { isHash, objectPath, objectsDirOf } from '../objects/layout.js'
import { PROJECT_DB } from '../project-core.js'
import { archiveError } from './errors.js'
import { checkArchive, unpackArchive } from './unpack.js'

/** A staged source: its database (open, migrated) and the referenced objects (all present, all verified). */
export interface StagedSource {
  database: Database
  dir: string
  hashes: string[]
  objectBytes: number
}

function notAProject(src: string): FormatVersionError {
  return new FormatVersionError('NOT_A_PROJECT', `${src} is not a Nereid project`, {
    hint: 'Import a project directory (it holds project.db) or an archive made by `nereid export PROJECT OUT --tar`. Nothing was written to the project.',
  })
}

function missing(src: string, hash: string): CorruptDataError {
  return new CorruptDataError('OBJECT_MISSING', `${src} references object ${hash}, which it does not hold`, {
    hint: 'Ask for a new export (nereid export PROJECT OUT); the copy lost some objects. Nothing was written to the project.',
  })
}

/** Copies `from` to `to`, hashing it on the way; refuses content that does not hash to `hash`. */
async function copyVerified(src: string, from: string, to: string, hash: string): Promise<number> {
  mkdirSync(dirname(to), { recursive: true })
  const digest = createHash('sha256')
  const input = createReadStream(from)
  input.on('data', (piece) => digest.update(piece))
  await pipeline(input, createWriteStream(to, { flags: 'wx' }))
  const actual = digest.digest('hex')
  if (actual !== hash)
    throw archiveError(
      'OBJECT_HASH_MISMATCH',
      `${src}: object ${hash} holds content that hashes to ${actual}`,
    )
  return statSync(to).size
}

/** Snapshot of the project directory `src` at `file` (VACUUM INTO: consistent while its writers log). */
function snapshotDirectory(src: string, file: string): void {
  const db = join(src, PROJECT_DB)
  if (!existsSync(db) || !statSync(db).isFile()) throw notAProject(src)
  // VACUUM INTO is refused on a query_only connection; this one only reads
  const source = openDatabase(db, { readonly: false, durability: 'normal' })
  try {
    snapshotInto(source, file)
  } finally {
    source.close()
  }
}

function openStaged(file: string, src: string): Database {
  const database = openDatabase(file, { readonly: false, durability: 'normal' })
  try {
    prepareSchema(database) // FORMAT_TOO_NEW and NOT_A_PROJECT come from here
    return database
  } catch (error) {
    database.close()
    if (error instanceof FormatVersionError && error.code === 'FORMAT_TOO_NEW') {
      throw new FormatVersionError('FORMAT_TOO_NEW', `${src} was written by a newer Nereid`, {
        hint: 'Upgrade Nereid (npm install nereid@latest) to import it. Nothing was written to the project.',
        cause: error,
      })
    }
    if (error instanceof FormatVersionError) throw notAProject(src)
    throw error
  }
}

/**
 * Stages `src` (a project directory or an exported .tar) in the new directory `dir`; see the file comment.
 * `onObject(done, total)` is called before each object and at the end; it may throw to stop (a cancel).
 */
export async function stageSource(
  src: string,
  dir: string,
  onObject: (done: number, total: number) => void,
): Promise<StagedSource> {
  if (!existsSync(src)) throw notAProject(src)
  const archive = statSync(src).isFile()
  mkdirSync(dir)
  let verified = new Set<string>()
  if (archive) {
    verified = unpackArchive(src, checkArchive(src), dir)
  } else {
    snapshotDirectory(src, join(dir, PROJECT_DB))
  }
  const database = openStaged(join(dir, PROJECT_DB), src)
  try {
    const hashes = [...new Set(database.read(listReferences).map((r) => r.hash))].filter(isHash).sort()
    let objectBytes = 0
    for (const [i, hash] of hashes.entries()) {
      if (i % 64 === 0) await new Promise<void>((r) => setImmediate(r)) // let a signal's listener run
      onObject(i, hashes.length)
      const staged = objectPath(objectsDirOf(dir), hash)
      if (archive) {
        if (!verified.has(hash)) throw missing(src, hash)
        objectBytes += statSync(staged).size
        continue
      }
      const from = objectPath(objectsDirOf(src), hash)
      if (!existsSync(from)) throw missing(src, hash)
      objectBytes += await copyVerified(src, from, staged, hash)
    }
    onObject(hashes.length, hashes.length)
    return { database, dir, hashes, objectBytes }
  } catch (error) {
    database.close()
    throw error
  }
}
