/**
 * `watchInbox(project)`: merges a project's inbox/ continuously (`project.merge()`, recorded as an
 * operation whenever there was something to merge) — on every chokidar event in inbox/, and
 * also every `pollMs` (on network file systems inotify sees nothing another host writes). Merges never
 * overlap: events during a merge cause one more merge after it.
 *
 * @example
 * const watcher = watchInbox(project, { onMerge: (r) => console.log(`${r.lines} lines`) })
 * // … writers append …
 * await watcher.close()
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import chokidar, { type FSWatcher } from 'chokidar'
import { INBOX_DIR, type MergeOptions, type MergeReport, type Project } from '../../index.js'

/** Options of watchInbox. */
export interface InboxWatchOptions extends Omit<MergeOptions, 'recordIdle' | 'signal'> {
  /** Called after each merge that applied or skipped something. */
  onMerge?: (report: MergeReport) => void
  /** Called when a merge fails (default: rethrown on the next close()). */
  onError?: (error: unknown) => void
  /** Merge also every this many ms without an event (default 1000). */
  pollMs?: number
  /** Let chokidar poll instead of using inotify (default false). */
  usePolling?: boolean
}

/** A running watch. */
export interface InboxWatcher {
  /** Resolves when a merge started after this call has finished. */
  settle(): Promise<void>
  /** Stops watching after the merge under way. */
  close(): Promise<void>
}

/** Starts merging `project`'s inbox continuously. */
export function watchInbox(project: Project, options: InboxWatchOptions = {}): InboxWatcher {
  const inbox = join(project.dir, INBOX_DIR)
  mkdirSync(inbox, { recursive: true })
  const { onMerge, onError, pollMs, usePolling, ...merge } = options
  let running: Promise<void> | undefined
  let again = false
  let closed = false
  let failure: unknown
  const mergeNow = (): Promise<void> => {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      do {
        again = false
        try {
          const report = await project.merge({ ...merge, recordIdle: false })
          if (report.lines > 0 || report.skipped.length > 0 || report.archived.length > 0) onMerge?.(report)
        } catch (error) {
          if (onError) onError(error)
          else failure ??= error
        }
      } while (again && !closed)
    })().finally(() => {
      running = undefined
    })
    return running
  }
  const watcher: FSWatcher = chokidar.watch(inbox, {
    ignoreInitial: false,
    usePolling: usePolling ?? false,
    depth: 0,
  })
  watcher.on('all', () => void mergeNow())
  const timer = setInterval(() => void mergeNow(), pollMs ?? 1000)
  return {
    settle: async () => {
      await running
      await mergeNow()
    },
    close: async () => {
      closed = true
      clearInterval(timer)
      await watcher.close()
      await running
      if (failure !== undefined) throw failure
    },
  }
}
