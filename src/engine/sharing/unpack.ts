/**
 * Checks a ustar archive as a whole before a byte of it is written anywhere, then extracts it: only
 * `project.db` and `objects/sha256/<xx>/<hash>` files (and their directories) are accepted; an entry
 * with `..` or an absolute path, a link, a device or any other type, and a truncated archive are refused,
 * each with its own ArchiveError code. Objects are hashed while extracted: one whose content does not
 * match its name is OBJECT_HASH_MISMATCH.
 *
 * @example
 * const entries = checkArchive('/tmp/share.tar')   // throws ArchiveError, or the entries to extract
 * unpackArchive('/tmp/share.tar', entries, '/p/.nereid-import-1')
 */
import { createHash } from 'node:crypto'
import { mkdirSync, openSync, readSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import { FormatVersionError } from '../errors.js'
import { isHash } from '../objects/layout.js'
import { PROJECT_DB } from '../project-core.js'
import { copyEntry, readTarIndex, type TarEntry } from '../../format/tar/tar-reader.js'
import { archiveError, fromTarError } from './errors.js'

const OBJECT = /^objects\/sha256\/([0-9a-f]{2})\/([0-9a-f]{64})$/
const DIRECTORIES = /^(objects|objects\/sha256|objects\/sha256\/[0-9a-f]{2})$/

function notAProject(file: string): FormatVersionError {
  return new FormatVersionError('NOT_A_PROJECT', `${file} is not a Nereid project archive`, {
    hint: 'Import a directory holding project.db, or an archive made by `nereid export PROJECT OUT --tar`. Nothing was written to the project.',
  })
}

function looksLikeTar(file: string): boolean {
  const fd = openSync(file, 'r')
  try {
    const magic = Buffer.alloc(5)
    return readSync(fd, magic, 0, 5, 257) === 5 && magic.toString('latin1') === 'ustar'
  } finally {
    closeSync(fd)
  }
}

function checkEntry(file: string, entry: TarEntry): void {
  const name = entry.name.replace(/^\.\//, '').replace(/\/$/, '')
  const where = `${file}: entry '${entry.name}'`
  if (
    entry.name.startsWith('/') ||
    /^[A-Za-z]:/.test(entry.name) ||
    entry.name.split(/[\\/]/).includes('..')
  ) {
    throw archiveError('ARCHIVE_UNSAFE_PATH', `${where} points outside the project (absolute or with '..')`)
  }
  if (entry.type === 'symlink' || entry.type === 'hardlink')
    throw archiveError('ARCHIVE_LINK', `${where} is a link (to '${entry.linkname}')`)
  if (entry.type === 'device' || entry.type === 'fifo')
    throw archiveError('ARCHIVE_DEVICE', `${where} is a device or FIFO`)
  if (entry.type === 'other')
    throw archiveError(
      'ARCHIVE_ENTRY_TYPE',
      `${where} has entry type '${entry.typeflag}', which a project never holds`,
    )
  const ok =
    entry.type === 'directory'
      ? name === '' || DIRECTORIES.test(name)
      : name === PROJECT_DB || OBJECT.test(name)
  const object = OBJECT.exec(name)
  if (!ok || (object && object[2]!.slice(0, 2) !== object[1]))
    throw archiveError('ARCHIVE_UNEXPECTED_ENTRY', `${where} is not part of a Nereid project`)
}

/** The file entries of archive `file`, checked (see the file comment); throws ArchiveError or NOT_A_PROJECT. */
export function checkArchive(file: string): TarEntry[] {
  if (!looksLikeTar(file)) throw notAProject(file)
  let entries: TarEntry[]
  try {
    entries = readTarIndex(file)
  } catch (error) {
    throw fromTarError(error, file)
  }
  const seen = new Set<string>()
  for (const entry of entries) {
    checkEntry(file, entry)
    const name = entry.name.replace(/^\.\//, '')
    if (entry.type === 'file' && seen.has(name))
      throw archiveError('ARCHIVE_UNEXPECTED_ENTRY', `${file}: '${name}' appears twice`)
    seen.add(name)
  }
  if (!seen.has(PROJECT_DB)) throw notAProject(file)
  return entries.filter((e) => e.type === 'file')
}

/** Extracts the checked `entries` of `file` into the new directory `dir`; returns the hashes of the objects (each verified). */
export function unpackArchive(file: string, entries: readonly TarEntry[], dir: string): Set<string> {
  const verified = new Set<string>()
  for (const entry of entries) {
    const name = entry.name.replace(/^\.\//, '')
    const dest = join(dir, name)
    mkdirSync(join(dest, '..'), { recursive: true })
    const hash = OBJECT.test(name) ? createHash('sha256') : undefined
    try {
      copyEntry(file, entry, dest, hash && ((piece) => hash.update(piece)))
    } catch (error) {
      throw fromTarError(error, file)
    }
    if (!hash) continue
    const expected = name.slice(-64)
    const actual = hash.digest('hex')
    if (!isHash(expected) || actual !== expected)
      throw archiveError(
        'OBJECT_HASH_MISMATCH',
        `${file}: object ${expected} holds content that hashes to ${actual}`,
      )
    verified.add(expected)
  }
  return verified
}
