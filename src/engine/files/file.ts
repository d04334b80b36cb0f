/**
 * File fields: one stored file. `upload` streams the content into the object store and records
 * { hash, size, mime, name } as the field's value; `download` writes it back, checking its hash.
 *
 * @example
 * await uploadFile(run, 'model/weights', 'out/w.pt', { mime: 'application/octet-stream' })
 * fetchFile(run, 'model/weights')          // { hash: 'ab12…', size: 1048576, mime: '…', name: 'w.pt' }
 * await downloadFile(run, 'model/weights', 'restored/')
 */
import { stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { encodeJson, parseStored, type FileInfo } from './entries.js'
import { objectsOf, fieldRow, type FileHost } from './host.js'
import { mimeOf } from './mime.js'
import { requireType } from './require.js'
import { safeName } from './safe-paths.js'
import { checkInput, putInput, type FileInput } from './source.js'
import { checkHash } from '../objects/layout.js'

/** Options of upload(). */
export interface UploadOptions {
  /** Media type (default: guessed from the name). */
  mime?: string
  /** Name to record (default: the file's name; for a Buffer, the field's last path segment). */
  name?: string
}

/** Stores `input` as the File at `path` (replacing its previous file) and returns what was recorded. */
export async function uploadFile(
  host: FileHost,
  path: string,
  input: FileInput,
  options: UploadOptions = {},
): Promise<FileInfo> {
  checkInput(input, 'upload')
  host.writer().checkClaim(path, 'File') // a type conflict fails before any byte is copied
  const put = await putInput(host, input, options.name, path.split('/').pop())
  const info: FileInfo = {
    hash: put.hash,
    size: put.size,
    mime: options.mime ?? mimeOf(put.name),
    name: put.name,
  }
  host.writer().assignAtom(path, 'File', { num: info.size, text: encodeJson(info), bits: null })
  return info
}

/** The FileInfo stored in a File row's text. */
export function decodeFile(text: string | null, path: string): FileInfo {
  return parseStored<FileInfo>(text, `'${path}'`)
}

/** What the File at `path` holds. */
export function fetchFile(host: FileHost, path: string): FileInfo {
  return decodeFile(requireType(path, fieldRow(host, path), 'File', 'fetch').text, path)
}

/**
 * Writes the File at `path` to `dest` and returns the path written. `dest` defaults to the file's name
 * in the working directory; an existing directory receives the file under its name.
 */
export async function downloadFile(host: FileHost, path: string, dest?: string): Promise<string> {
  const info = fetchFile(host, path)
  let target = resolve(dest ?? safeName(info.name))
  const existing = await stat(target).catch(() => undefined)
  if (existing?.isDirectory() || (dest !== undefined && /[/\\]$/.test(dest)))
    target = join(target, safeName(info.name))
  await objectsOf(host).copyOut(checkHash(info.hash, `'${path}'`), target)
  return target
}
