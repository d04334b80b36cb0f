/**
 * Sync that never gives up early and never blocks training: passes of syncOnce with retries on
 * transient failures (the hub down or restarting, the network cut) after 0.5 s, 1 s, 2 s… up to 30 s,
 * the local project staying the source of truth meanwhile. Once: a pass, retried up to `retries` times.
 * Watch: a pass every `intervalMs` until `signal` aborts, then one last pass. Other errors (a wrong
 * password, a newer hub schema) end it at once.
 *
 * @example
 * const report = await syncLoop(project, url, { watch: false, retries: 5 })
 */
import type { ReadonlyProject } from '../index.js'
import { connectHub, type Hub } from './connect.js'
import { isTransient } from './errors.js'
import { addReport } from './ship-batch.js'
import { emptyReport, syncOnce, type SyncOptions, type SyncReport } from './sync.js'

/** Options of syncLoop. */
export interface SyncLoopOptions extends SyncOptions {
  /** Keep syncing until `signal` aborts. */
  watch?: boolean
  /** Between passes when watching (default 2000 ms). */
  intervalMs?: number
  /** Retries of a failing pass when not watching (default 5). */
  retries?: number
  /** First retry delay (default 500 ms), doubled each time up to maxDelayMs (default 30 s). */
  baseDelayMs?: number
  maxDelayMs?: number
  signal?: AbortSignal
  /** Each finished pass. */
  onPass?: (report: SyncReport) => void
  /** Each transient failure, with the delay before the next try. */
  onRetry?: (error: Error, delayMs: number) => void
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}

/** Syncs `project` into the hub at `url` (once, or watching); returns the totals of every pass. */
export async function syncLoop(
  project: ReadonlyProject,
  url: string,
  options: SyncLoopOptions = {},
): Promise<SyncReport> {
  const total = emptyReport()
  let hub: Hub | undefined
  let failures = 0
  let last = false
  try {
    for (;;) {
      try {
        hub ??= await connectHub(url)
        const report = await syncOnce(project, hub, options)
        options.onPass?.(report)
        total.runs = report.runs
        total.batches += report.batches
        total.deletedRuns += report.deletedRuns
        total.deletedFields += report.deletedFields
        addReport(total, report)
        failures = 0
        if (!options.watch || last) return total
        await sleep(options.intervalMs ?? 2000, options.signal)
        if (options.signal?.aborted) last = true
      } catch (error) {
        if (!isTransient(error)) throw error
        // a fresh pool after a broken connection
        await hub?.close().catch(() => {})
        hub = undefined
        failures++
        if (!options.watch && failures > (options.retries ?? 5)) throw error
        const delay = Math.min(
          options.maxDelayMs ?? 30_000,
          (options.baseDelayMs ?? 500) * 2 ** (failures - 1),
        )
        options.onRetry?.(error as Error, delay)
        await sleep(delay, options.watch ? undefined : options.signal)
        if (options.signal?.aborted && options.watch) last = true
      }
    }
  } finally {
    await hub?.close()
  }
}
