/**
 * File fields in a columnar export: where their bytes go under the files root and the `file_value.path`
 * that points there (relative to `<out>/files/<sanitized project>/`, as the neptune-exporter's is). The
 * layout is neptune-query's (3.x): `<run>/<field path segments>` plus the file's extension, a file series
 * as `<run>/<path>/step_<step>` per entry; a FileSet is a directory holding its tree and an Artifact a
 * `files_list.json` manifest of the files it tracks (2.x's `file_set` and `artifact` rows). Bytes are
 * copied through the public `download()`, which re-checks each hash.
 *
 * @example
 * const files = new FileTargets('/out/files/ws_demo-…', 'DEMO-1', true)
 * await files.file(view.field('model/weights'))   // 'DEMO-1/model/weights.pt'
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, extname, join } from 'node:path'
import type { FileInfo, FileSeriesEntry, ReadonlyField } from '../index.js'
import { sanitizeFilePart } from './sanitize.js'
import { stepText } from './step-decimal.js'

const EXTENSION = /^\.[\p{L}\p{N}_-]{1,16}$/u

function extensionOf(name: string): string {
  const ext = extname(name)
  return EXTENSION.test(ext) ? ext : ''
}

/** The files of one run: relative paths, and (when `copy`) the bytes written under `root`. */
export class FileTargets {
  private readonly runPart: string
  private staged = 0

  constructor(
    readonly root: string,
    runId: string,
    readonly copy: boolean,
  ) {
    this.runPart = sanitizeFilePart(runId)
  }

  private relative(path: string, leaf?: string): string {
    const segments = [this.runPart, ...path.split('/').map(sanitizeFilePart)]
    return leaf === undefined ? segments.join('/') : `${segments.join('/')}/${leaf}`
  }

  private absolute(relative: string): string {
    return join(this.root, ...relative.split('/'))
  }

  /** A File: `<run>/<path><ext>`. */
  async file(field: ReadonlyField): Promise<string> {
    const info = field.fetch() as FileInfo
    const relative = this.relative(field.path) + extensionOf(info.name)
    if (this.copy) {
      mkdirSync(dirname(this.absolute(relative)), { recursive: true })
      await field.download(this.absolute(relative))
    }
    return relative
  }

  /** A FileSet: the directory `<run>/<path>` holding its files at their paths in the set. */
  async fileSet(field: ReadonlyField): Promise<string> {
    const relative = this.relative(field.path)
    if (this.copy) {
      mkdirSync(this.absolute(relative), { recursive: true })
      await field.download(this.absolute(relative))
    }
    return relative
  }

  /** An Artifact: `<run>/<path>/files_list.json`, one entry per tracked file (the files are not copied). */
  artifact(field: ReadonlyField): string {
    const relative = this.relative(field.path, 'files_list.json')
    if (this.copy) {
      const files = field.fetchFilesList().map((f) => ({
        filePath: f.path,
        fileHash: f.hash,
        type: 'Local',
        size: f.size,
        metadata: [
          { key: 'file_path', value: `file://${f.location}` },
          { key: 'last_modified', value: new Date(f.mtime).toISOString() },
        ],
      }))
      mkdirSync(dirname(this.absolute(relative)), { recursive: true })
      writeFileSync(this.absolute(relative), `${JSON.stringify(files, null, 2)}\n`)
    }
    return relative
  }

  /**
   * A FileSeries: downloads every kept entry once into a staging directory and returns a function that
   * moves one entry to `<run>/<path>/step_<step><ext>` and gives its relative path (undefined for an
   * entry whose file was released). Call `done()` afterwards to remove what was not claimed.
   */
  async fileSeries(
    field: ReadonlyField,
  ): Promise<{ place(entry: FileSeriesEntry, units: bigint): string | undefined; done(): void }> {
    const staging = join(this.root, `.staging-${process.pid}-${this.staged++}`)
    const byStep = new Map<number, string>()
    if (this.copy) {
      mkdirSync(staging, { recursive: true })
      // download() writes the kept entries in step order, the order list() gives them
      const kept = field.list().filter((entry) => entry.kept)
      const written = await field.download(staging)
      written.forEach((path, i) => byStep.set(kept[i]!.step, path))
    }
    return {
      place: (entry, units) => {
        if (!entry.kept) return undefined
        const relative = this.relative(
          field.path,
          `step_${sanitizeFilePart(stepText(units))}${extensionOf(entry.name)}`,
        )
        if (this.copy) {
          const staged = byStep.get(entry.step)
          if (staged === undefined) return undefined
          mkdirSync(dirname(this.absolute(relative)), { recursive: true })
          renameSync(staged, this.absolute(relative))
        }
        return relative
      },
      done: () => rmSync(staging, { recursive: true, force: true }),
    }
  }
}
