/**
 * `project.export(out, options)`: a self-contained copy of the project — or of chosen runs, with the
 * parents their forks read through — taken while writers keep logging. The copy is a consistent snapshot
 * (driver/snapshot.ts), pruned to the chosen runs, plus exactly the objects those runs reference; it is
 * built under a temp name beside `out` and renamed (a directory) or archived as ustar (a tar) when whole,
 * so a cancelled or failed export leaves nothing at `out`. Recorded as an operation of kind 'export'.
 *
 * @example
 * await project.export('/tmp/share', { runs: ['DEMO-3'] })          // a project directory
 * await project.export('/tmp/share.tar', { query: 'acc > 0.9', format: 'tar' })
 */
import {
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
} from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { openDatabase } from '../driver/database.js'
import { statement } from '../driver/database.js'
import { snapshotInto } from '../driver/snapshot.js'
import { CorruptDataError, InvalidOptionError } from '../errors.js'
import { listReferences } from '../files/references.js'
import { isHash, objectPath, objectsDirOf } from '../objects/layout.js'
import { checkOperationOptions, runOperation, type OperationOptions } from '../operations/run-operation.js'
import { rejectUnknownKeys } from '../options.js'
import { PROJECT_DB, type ProjectCore } from '../project-core.js'
import { writeTar } from '../../format/tar/tar-writer.js'
import { pruneSnapshot } from './prune.js'
import { keptRows, type RunSelection } from './select.js'

/** Options of `project.export()`. */
export interface ExportOptions extends RunSelection, OperationOptions {
  /** 'dir' (default): a project directory; 'tar': one POSIX ustar archive of it. */
  format?: 'dir' | 'tar'
}

/** What an export wrote. */
export interface ExportReport {
  out: string
  format: 'dir' | 'tar'
  /** The runs exported (chosen runs and their fork ancestors), oldest first. */
  runs: string[]
  /** Series points and string/file series entries in the copy. */
  points: number
  objects: number
  objectBytes: number
  /** Bytes of the copy's project.db. */
  dbBytes: number
}

const KEYS = ['query', 'runs', 'format', 'signal', 'onProgress']

function invalid(message: string, hint: string): InvalidOptionError {
  return new InvalidOptionError('INVALID_OPTION', message, { hint })
}

function checkOptions(options: ExportOptions): 'dir' | 'tar' {
  rejectUnknownKeys(options, KEYS, 'export options')
  checkOperationOptions(options)
  const { format = 'dir', query, runs } = options
  if (format !== 'dir' && format !== 'tar')
    throw invalid(
      `option 'format' must be 'dir' or 'tar', got ${JSON.stringify(format)}`,
      "Pass format: 'tar' for one archive file.",
    )
  if (query !== undefined && typeof query !== 'string')
    throw invalid("option 'query' must be an NQL string", "Pass query: 'metrics/acc > 0.9'.")
  if (runs !== undefined && !(Array.isArray(runs) && runs.every((r) => typeof r === 'string')))
    throw invalid("option 'runs' must be an array of run ids", "Pass runs: ['DEMO-1', 'DEMO-3'].")
  return format
}

function checkTarget(target: string, format: 'dir' | 'tar'): void {
  if (!existsSync(target)) return
  if (format === 'dir' && statSync(target).isDirectory() && readdirSync(target).length === 0) return
  throw new InvalidOptionError(
    'EXPORT_TARGET_EXISTS',
    `${target} already exists${format === 'dir' ? ' and is not an empty directory' : ''}`,
    {
      hint: 'Export to a new path (or an empty directory); an export never overwrites anything.',
    },
  )
}

/** The snapshot of `core` at `file`, pruned to the selection; what it holds. */
function takeSnapshot(
  core: ProjectCore,
  file: string,
  selection: RunSelection,
): { hashes: string[]; runs: string[]; points: number } {
  snapshotInto(core.database, file)
  const snapshot = openDatabase(file, { readonly: false, durability: 'normal' })
  try {
    pruneSnapshot(snapshot, keptRows(snapshot, selection))
    return snapshot.read((db) => ({
      hashes: [...new Set(listReferences(db).map((r) => r.hash))].filter(isHash).sort(),
      runs: statement<{ sysId: string }>(
        db,
        "SELECT sys_id AS sysId FROM runs WHERE kind = 'run' ORDER BY id",
      )
        .all()
        .map((r) => r.sysId),
      points: statement<{ n: number }>(
        db,
        "SELECT coalesce(sum(count), 0) AS n FROM fields WHERE type IN ('FloatSeries', 'StringSeries', 'FileSeries')",
      ).get()!.n,
    }))
  } finally {
    snapshot.close()
  }
}

/** Exports the project of `core` to `out`; see the file comment. */
export async function exportProject(
  core: ProjectCore,
  out: string,
  options: ExportOptions = {},
): Promise<ExportReport> {
  const format = checkOptions(options)
  const target = resolve(out)
  checkTarget(target, format)
  core.flushOpenRuns()
  const staging = join(dirname(target), `.${target.split('/').pop()}.partial-${process.pid}-${Date.now()}`)
  return runOperation(
    core.database,
    'export',
    { signal: options.signal, onProgress: options.onProgress },
    async (ctx) => {
      mkdirSync(dirname(target), { recursive: true })
      mkdirSync(staging)
      try {
        const { hashes, runs, points } = takeSnapshot(core, join(staging, PROJECT_DB), options)
        ctx.progress(0, hashes.length)
        const entries = [PROJECT_DB]
        let objectBytes = 0
        for (const [i, hash] of hashes.entries()) {
          if (i % 64 === 0) await new Promise<void>((r) => setImmediate(r)) // let a signal's listener run
          ctx.check()
          const from = objectPath(objectsDirOf(core.dir), hash)
          const to = objectPath(objectsDirOf(staging), hash)
          if (!existsSync(from)) {
            throw new CorruptDataError(
              'OBJECT_MISSING',
              `export stopped: object ${hash} is referenced but missing from ${core.dir}`,
              {
                hint: 'Nothing was exported. Run `nereid verify` to see which fields refer to it, then fix or delete them.',
              },
            )
          }
          mkdirSync(dirname(to), { recursive: true })
          copyFileSync(from, to, constants.COPYFILE_FICLONE)
          objectBytes += statSync(to).size
          entries.push(`objects/sha256/${hash.slice(0, 2)}/${hash}`)
          ctx.progress(i + 1)
        }
        const dbBytes = statSync(join(staging, PROJECT_DB)).size
        if (format === 'tar') {
          await writeTar(target, staging, entries, { check: ctx.check })
          rmSync(staging, { recursive: true, force: true })
        } else {
          if (existsSync(target)) rmdirSync(target)
          renameSync(staging, target)
        }
        return { out: target, format, runs, points, objects: hashes.length, objectBytes, dbBytes }
      } catch (error) {
        rmSync(staging, { recursive: true, force: true })
        throw error
      }
    },
  )
}
