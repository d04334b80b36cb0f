/**
 * File fields and stored objects of a local project: a field's files as JSON, and an object opened by
 * hash alone — only a hash some field references, at objects/sha256/<2 hex>/<hash> (docs/format.md), so
 * no name a client sends ever becomes a path.
 *
 * @example
 * const handle = await localObject(project, '9f86d0…', 'w.txt')   // { size: 4, mime: 'text/plain', open() }
 */
import { createReadStream, statSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import {
  FieldTypeError,
  type FileInfo,
  type FileSeriesEntry,
  type FileSetMember,
  type ReadonlyProject,
  type RunView,
  type TrackedFile,
} from '../index.js'
import { toJson } from './json-values.js'
import { pageOf } from './paging.js'
import type { FilesBody, ObjectHandle, PageRequest } from './read-store.js'

/** A well-formed sha256 hash: 64 lowercase hex characters. */
export const HASH = /^[0-9a-f]{64}$/

/** How a store reads one file field's parts (each called only for its own type). */
export interface FileFieldReads {
  file(): FileInfo
  members(): FileSetMember[]
  entries(): FileSeriesEntry[]
  artifact(): { hash: string; files: TrackedFile[] }
}

/** The /files body of the field at `path` of type `type` (the one shape every store answers with). */
export function filesBody(path: string, type: string, reads: FileFieldReads, page: PageRequest): FilesBody {
  if (type === 'File') return { type, file: toJson(reads.file()) }
  if (type === 'FileSet') return { type, items: reads.members().map(toJson) }
  if (type === 'FileSeries') return { type, ...pageOf(reads.entries(), page, toJson) }
  if (type === 'Artifact') {
    // tracked files live on the writer's disk: their location is not sent
    const { hash, files } = reads.artifact()
    return {
      type,
      hash,
      files: files.map(({ path: p, size, mtime, hash: h }) => toJson({ path: p, size, mtime, hash: h })),
    }
  }
  throw new FieldTypeError(
    'WRONG_FIELD_TYPE',
    `'${path}' is a ${String(type)}; /files reads File, FileSet, FileSeries and Artifact fields`,
    {
      hint: 'Read atoms with /fields, float series with /series and string series with /strings.',
    },
  )
}

/** The files of the file field at `path` of `view`. */
export function fieldFiles(
  view: RunView,
  path: string,
  request: PageRequest & { from?: number; to?: number },
): FilesBody {
  const field = view.field(path)
  const type = field.type()
  if (type === undefined) field.fetch() // throws FIELD_NOT_FOUND with a did-you-mean hint
  return filesBody(
    path,
    String(type),
    {
      file: () => field.fetch() as FileInfo,
      members: () => field.listFiles(),
      entries: () => field.list({ from: request.from, to: request.to }),
      artifact: () => ({ hash: field.fetchHash(), files: field.fetchFilesList() }),
    },
    request,
  )
}

/** The object `hash` if a field of `project` references it and its file exists; `name` picks the reference. */
export function localObject(project: ReadonlyProject, hash: string, name?: string): ObjectHandle | undefined {
  if (!HASH.test(hash)) return undefined
  const uses = project.objectUses(hash)
  const use =
    uses.find((u) => name !== undefined && (u.name === name || u.name.endsWith(`/${name}`))) ?? uses[0]
  if (!use) return undefined
  const file = join(project.dir, 'objects', 'sha256', hash.slice(0, 2), hash)
  let size: number
  try {
    const stat = statSync(file)
    if (!stat.isFile()) return undefined
    size = stat.size
  } catch {
    return undefined
  }
  return {
    hash,
    size,
    mime: use.mime,
    name: use.name.split('/').pop() ?? '',
    open: (range) =>
      Readable.toWeb(
        createReadStream(file, range ? { start: range.start, end: range.end } : {}),
      ) as ReadableStream<Uint8Array>,
  }
}
