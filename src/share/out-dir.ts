/**
 * The output directory of an export: it must not exist yet or be empty. Inside it the export lays out
 * the neptune-exporter's two roots, `data/` (its `--data-path`) and `files/` (its `--files-path`), each
 * holding one directory per project.
 *
 * @example
 * const { dataDir, filesDir } = prepareOutDir('/tmp/out', 'ws/demo')
 * // dataDir  /tmp/out/data/ws_demo-<16 hex>
 * // filesDir /tmp/out/files/ws_demo-<16 hex>
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ExportError } from './export-error.js'
import { sanitizePathPart } from './sanitize.js'

/** Where an export's parts and files go. */
export interface OutDirs {
  dir: string
  dataDir: string
  filesDir: string
}

/** Checks `out` (new, or an empty directory) and creates the project's data and files directories. */
export function prepareOutDir(out: string, projectId: string): OutDirs {
  const dir = resolve(out)
  const stat = statSync(dir, { throwIfNoEntry: false })
  if (stat && !stat.isDirectory()) {
    throw new ExportError('OUT_NOT_A_DIRECTORY', `${dir} exists and is not a directory`, {
      hint: 'Give a new directory (or an empty one) as the output.',
    })
  }
  if (stat && readdirSync(dir).length > 0) {
    throw new ExportError('OUT_NOT_EMPTY', `${dir} is not empty`, {
      hint: 'Export into a new or empty directory; an export never mixes its parts with other files (remove the old export first to redo it).',
    })
  }
  const project = sanitizePathPart(projectId)
  const dirs = { dir, dataDir: join(dir, 'data', project), filesDir: join(dir, 'files', project) }
  mkdirSync(dirs.dataDir, { recursive: true })
  mkdirSync(dirs.filesDir, { recursive: true })
  return dirs
}
