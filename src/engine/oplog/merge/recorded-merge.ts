/**
 * `project.merge()`: the inbox merge as a recorded operation of kind 'oplog-merge' — progress in bytes of
 * lines merged out of the bytes waiting when it started, the report (lines applied, points, runs created,
 * lines skipped with their reasons, files archived) recorded when it finishes. An AbortSignal stops it
 * between two batches: what was merged stays merged (each batch committed with its cursor), the rest
 * waits for the next merge. A watch passes `recordIdle: false`, so a poll that finds nothing to do
 * records nothing.
 *
 * @example
 * const report = await recordedMerge(core, host, { removeMergedAfterMs: 7 * 86_400_000 })
 * project.operations.list().at(-1)   // { kind: 'oplog-merge', status: 'finished', report: { lines: 1204, … } }
 */
import { InvalidOptionError } from '../../errors.js'
import { rejectUnknownKeys } from '../../options.js'
import { checkOperationOptions, runOperation, type OperationOptions } from '../../operations/run-operation.js'
import type { ProjectCore } from '../../project-core.js'
import type { MergeHost } from './apply-ops.js'
import { removeMergedOlderThan } from './archive.js'
import { mergeScanned } from './merge-inbox.js'
import { newMergeReport, recordedReport, type MergeReport } from './report.js'
import { scanInbox } from './scan-inbox.js'

/** Options of `project.merge()`. */
export interface MergeOptions extends OperationOptions {
  /** Lines per transaction at most (default 512). */
  batchLines?: number
  /** Series points per transaction at most (default 1 000 000). */
  batchPoints?: number
  /** Move fully merged files of ended writers to inbox/merged/ (default true). */
  archive?: boolean
  /** Remove files of inbox/merged/ last written more than this many ms ago (default: keep them). */
  removeMergedAfterMs?: number
  /** Record an operation when there is nothing to merge (default true; `nereid watch` passes false). */
  recordIdle?: boolean
}

const KEYS = [
  'batchLines',
  'batchPoints',
  'archive',
  'removeMergedAfterMs',
  'recordIdle',
  'signal',
  'onProgress',
]

function bad(name: string, expected: string, value: unknown): never {
  throw new InvalidOptionError(
    'INVALID_OPTION',
    `option '${name}' must be ${expected}, got ${String(value)}`,
    {
      hint: `Pass ${expected}, or leave '${name}' out for the default.`,
    },
  )
}

function resolve(options: MergeOptions): Required<
  Omit<MergeOptions, keyof OperationOptions | 'removeMergedAfterMs'>
> & {
  removeMergedAfterMs: number | undefined
} {
  rejectUnknownKeys(options, KEYS, 'merge options')
  checkOperationOptions(options)
  const o = { batchLines: 512, batchPoints: 1_000_000, archive: true, recordIdle: true, ...options }
  for (const key of ['batchLines', 'batchPoints'] as const)
    if (!(Number.isSafeInteger(o[key]) && o[key] > 0)) bad(key, 'a positive integer', o[key])
  for (const key of ['archive', 'recordIdle'] as const)
    if (typeof o[key] !== 'boolean') bad(key, 'a boolean', o[key])
  const ms = o.removeMergedAfterMs
  if (ms !== undefined && !(typeof ms === 'number' && Number.isFinite(ms) && ms >= 0))
    bad('removeMergedAfterMs', 'a number of milliseconds ≥ 0', ms)
  return { ...o, removeMergedAfterMs: ms }
}

/** Merges the inbox of the project `core` into it through `host`, recorded as an operation. */
export async function recordedMerge(
  core: ProjectCore,
  host: MergeHost,
  options: MergeOptions = {},
): Promise<MergeReport> {
  const o = resolve(options)
  core.flushOpenRuns()
  const report = newMergeReport()
  if (o.removeMergedAfterMs !== undefined)
    report.removed = removeMergedOlderThan(core.dir, o.removeMergedAfterMs)
  const scan = scanInbox(host)
  const work = scan.files.filter((f) => f.work)
  if (work.length === 0 && !o.recordIdle) {
    report.files = scan.files.length
    return report
  }
  const { signal, onProgress } = options
  return runOperation(
    core.database,
    'oplog-merge',
    { signal, onProgress },
    async (ctx) => {
      ctx.progress(0, scan.pendingBytes)
      await mergeScanned(host, work, report, o, ctx)
      report.files = scan.files.length
      return report
    },
    recordedReport,
  )
}
