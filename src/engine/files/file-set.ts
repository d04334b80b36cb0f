/**
 * FileSet fields: a set of stored files addressed by their path inside the set (Neptune's FileSet).
 * `uploadFiles` adds the files matching globs (replacing same-path files), `deleteFiles` removes paths or
 * whole directories, `downloadFileSet` writes the tree back under a directory. The set's value is a
 * manifest of { path, hash, size, mime }, sorted by path.
 *
 * @example
 * await uploadFiles(run, 'source_code/files', ['src/**\/*.ts', '!**\/*.test.ts'], { cwd: repoRoot })
 * listFiles(run, 'source_code/files')                 // [{ path: 'src/a.ts', hash, size, mime }]
 * deleteFiles(run, 'source_code/files', ['src/gen'])  // 3 (files removed)
 */
import { resolve } from 'node:path'
import { encodeJson, parseStored, type FileSetManifest, type FileSetMember } from './entries.js'
import { expandGlobs, globList } from './glob.js'
import { fieldRow, objectsOf, warn, type FileHost } from './host.js'
import { mimeOf } from './mime.js'
import { mapLimit } from './pool.js'
import { requireType } from './require.js'
import { safeJoin } from './safe-paths.js'
import { checkHash } from '../objects/layout.js'
import { InvalidValueError } from '../errors.js'

/** Options of uploadFiles(). */
export interface UploadFilesOptions {
  /** Directory the globs are relative to, and set paths relative to (default: process.cwd()). */
  cwd?: string
}

/** How many files are copied at once. */
const PARALLEL = 4

/** The members stored in a FileSet row's text. */
export function decodeFileSet(text: string | null, path: string): FileSetMember[] {
  return parseStored<FileSetManifest>(text, `'${path}'`).files ?? []
}

function current(host: FileHost, path: string): FileSetMember[] {
  const row = fieldRow(host, path)
  return row ? decodeFileSet(requireType(path, row, 'FileSet', 'uploadFiles').text, path) : []
}

function save(host: FileHost, path: string, files: FileSetMember[]): void {
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  const size = files.reduce((sum, f) => sum + f.size, 0)
  host.writer().assignAtom(path, 'FileSet', {
    num: size,
    text: encodeJson({ files } satisfies FileSetManifest),
    bits: null,
  })
}

/**
 * Copies the files matching `globs` into the store and adds them to the FileSet at `path`; returns the
 * members added. A glob matching nothing warns (GLOB_NO_MATCH) and leaves an empty set. If any file
 * fails, the set is left as it was.
 */
export async function uploadFiles(
  host: FileHost,
  path: string,
  globs: string | readonly string[],
  options: UploadFilesOptions = {},
): Promise<FileSetMember[]> {
  const patterns = globList(globs, 'uploadFiles')
  host.writer().checkClaim(path, 'FileSet')
  const cwd = resolve(options.cwd ?? process.cwd())
  const { files, directories } = await expandGlobs(patterns, cwd)
  if (files.length === 0) {
    const dirs =
      directories > 0
        ? ` (${directories} director${directories === 1 ? 'y' : 'ies'} matched: add '/**' to take the files inside)`
        : ''
    warn(host, {
      code: 'GLOB_NO_MATCH',
      path,
      message: `uploadFiles('${path}'): ${JSON.stringify(patterns)} matched no file under ${cwd}${dirs}`,
    })
  }
  const store = objectsOf(host)
  const added = await mapLimit(files, PARALLEL, async (file) => {
    const put = await store.putFile(file.abs)
    return { path: file.rel, hash: put.hash, size: put.size, mime: mimeOf(file.rel) }
  })
  // Read, merge and buffer in one synchronous step: no other call of this process can interleave.
  const byPath = new Map(current(host, path).map((m) => [m.path, m]))
  for (const member of added) byPath.set(member.path, member)
  save(host, path, [...byPath.values()])
  return added
}

/** The files of the FileSet at `path`, sorted by path. */
export function listFiles(host: FileHost, path: string): FileSetMember[] {
  return decodeFileSet(requireType(path, fieldRow(host, path), 'FileSet', 'listFiles').text, path)
}

/**
 * Removes from the FileSet at `path` each given path, or every file under it when it names a directory;
 * returns how many files were removed. The objects stay until `gc` finds them unreferenced.
 */
export function deleteFiles(host: FileHost, path: string, paths: string | readonly string[]): number {
  const targets = (typeof paths === 'string' ? [paths] : paths).map((p) => {
    if (typeof p !== 'string' || p.length === 0) {
      throw new InvalidValueError(
        'INVALID_VALUE',
        `deleteFiles('${path}') takes paths inside the set, got ${JSON.stringify(p)}`,
        {
          hint: "Pass paths as listFiles() shows them, such as 'src/a.ts' or a directory 'src'.",
        },
      )
    }
    return p.replace(/^\.\//, '').replace(/\/+$/, '')
  })
  host.writer().checkClaim(path, 'FileSet')
  const files = listFiles(host, path)
  const kept = files.filter((f) => !targets.some((t) => f.path === t || f.path.startsWith(`${t}/`)))
  if (kept.length !== files.length) save(host, path, kept)
  return files.length - kept.length
}

/** Writes every file of the FileSet at `path` under `destDir` at its path in the set; returns the paths written. */
export async function downloadFileSet(host: FileHost, path: string, destDir = '.'): Promise<string[]> {
  const files = listFiles(host, path)
  const root = resolve(destDir)
  const store = objectsOf(host)
  return mapLimit(files, PARALLEL, async (file) => {
    const target = safeJoin(root, file.path)
    await store.copyOut(checkHash(file.hash, `'${path}/${file.path}'`), target)
    return target
  })
}
