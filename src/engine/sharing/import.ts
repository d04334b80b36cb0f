/**
 * `project.import(src, options)`: merges a project directory (live or closed) or a .tar made by
 * `project.export()` into this project. The source is staged first (stage.ts: every check, every object
 * hashed); then its new objects are moved into the store and its containers merged in ONE write
 * transaction (merge-containers.ts). A refusal, a conflict with onConflict 'fail', or a cancel before the
 * commit leaves project.db as it was and removes the objects this import had added; importing the same
 * source twice changes nothing the second time. Recorded as an operation of kind 'import'.
 *
 * @example
 * await project.import('/tmp/share.tar')                            // merge, fail on conflicts
 * await project.import('/mnt/laptop/.nereid/demo', { onConflict: 'skip' })
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  unlinkSync,
} from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { InvalidOptionError } from '../errors.js'
import { objectPath, objectsDirOf } from '../objects/layout.js'
import { checkOperationOptions, runOperation, type OperationOptions } from '../operations/run-operation.js'
import { rejectUnknownKeys } from '../options.js'
import type { ProjectCore } from '../project-core.js'
import { mergeContainers, type ContainerMergeReport, type OnConflict } from './merge-containers.js'
import { stageSource } from './stage.js'

/** Options of `project.import()`. */
export interface ImportOptions extends OperationOptions {
  /** A container in both projects that cannot be merged: 'fail' (default), 'skip' or 'replace'. */
  onConflict?: OnConflict
}

/** What an import did. */
export interface ImportReport extends ContainerMergeReport {
  source: string
  /** Objects the source references, and those of them new to this project. */
  objects: number
  newObjects: number
  objectBytes: number
}

function checkOptions(options: ImportOptions): OnConflict {
  rejectUnknownKeys(options, ['onConflict', 'signal', 'onProgress'], 'import options')
  checkOperationOptions(options)
  const { onConflict = 'fail' } = options
  if (onConflict !== 'skip' && onConflict !== 'replace' && onConflict !== 'fail') {
    throw new InvalidOptionError(
      'INVALID_OPTION',
      `option 'onConflict' must be 'skip', 'replace' or 'fail', got ${JSON.stringify(onConflict)}`,
      { hint: "Pass onConflict: 'skip' to keep this project's version of a run both hold." },
    )
  }
  return onConflict
}

function syncFile(file: string): void {
  const fd = openSync(file, 'r')
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Imports `src` into the project of `core`; see the file comment. */
export async function importProject(
  core: ProjectCore,
  src: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const onConflict = checkOptions(options)
  const source = resolve(src)
  if (source === resolve(core.dir)) {
    throw new InvalidOptionError('IMPORT_INTO_ITSELF', `cannot import ${source} into itself`, {
      hint: 'Import another project directory or an exported .tar.',
    })
  }
  core.flushOpenRuns()
  const staging = join(core.dir, `.import-${process.pid}-${Date.now()}`)
  return runOperation(
    core.database,
    'import',
    { signal: options.signal, onProgress: options.onProgress },
    async (ctx) => {
      const moved: string[] = []
      try {
        // progress: the objects staged, then one unit for the merge
        const staged = await stageSource(source, staging, (done, total) => {
          ctx.progress(done, total + 1)
          ctx.check()
        })
        try {
          ctx.check() // the last point a cancel takes effect: below runs synchronously to the commit
          const store = objectsDirOf(core.dir)
          for (const hash of staged.hashes) {
            const to = objectPath(store, hash)
            if (existsSync(to)) continue
            const from = objectPath(objectsDirOf(staging), hash)
            syncFile(from)
            mkdirSync(dirname(to), { recursive: true })
            renameSync(from, to)
            moved.push(to)
          }
          const merged = core.database.write((db) =>
            mergeContainers(db, staged.database.db, core.key, onConflict),
          )
          ctx.progress(staged.hashes.length + 1)
          return {
            source,
            ...merged,
            objects: staged.hashes.length,
            newObjects: moved.length,
            objectBytes: staged.objectBytes,
          }
        } finally {
          staged.database.close()
        }
      } catch (error) {
        for (const file of moved) unlinkSync(file) // nothing references them: the merge did not commit
        throw error
      } finally {
        rmSync(staging, { recursive: true, force: true })
      }
    },
  )
}
