/**
 * Live changes of a local project: chokidar on the project directory (project.db, project.db-wal; not
 * -shm or -journal) and inbox/, plus a poll every 500 ms (file events are missed on macOS and network
 * file systems). Each wake-up reads `PRAGMA data_version` on the project's long-lived read-only
 * connection; only a new version (debounced 100 ms) asks the engine what changed since the cursor.
 * The watcher runs while it has listeners.
 *
 * @example
 * const watch = new LocalWatch(project)
 * const stop = watch.add((change) => console.log(change.runs))
 * stop()
 */
import { basename, join } from 'node:path'
import { watch as chokidarWatch, type FSWatcher } from 'chokidar'
import type { ReadonlyProject } from '../index.js'
import type { ChangeSet } from './read-store.js'

/** Timings of a watcher (tests shorten them). */
export interface WatchTimings {
  pollMs: number
  debounceMs: number
}

const DEFAULT_TIMINGS: WatchTimings = { pollMs: 500, debounceMs: 100 }
/** updated_at comes from each writer's clock at its flush: re-read this far back so a late commit is not missed. */
const SLACK_MS = 2_000

function relevant(path: string, projectDir: string): boolean {
  const name = basename(path)
  if (path.startsWith(join(projectDir, 'inbox'))) return true
  return name === 'project.db' || name === 'project.db-wal'
}

/** Watches one project for its listeners. */
export class LocalWatch {
  private readonly listeners = new Set<(change: ChangeSet) => void>()
  private watcher: FSWatcher | undefined
  private poll: NodeJS.Timeout | undefined
  private debounce: NodeJS.Timeout | undefined
  private version = 0
  private cursor = 0
  private readonly announced = new Set<string>()

  constructor(
    private readonly project: ReadonlyProject,
    private readonly timings: WatchTimings = DEFAULT_TIMINGS,
  ) {}

  /** Adds a listener (starting the watcher for the first); returns the function that removes it. */
  add(listener: (change: ChangeSet) => void): () => void {
    this.listeners.add(listener)
    if (this.listeners.size === 1) this.start()
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.stop()
    }
  }

  private start(): void {
    this.version = this.project.dataVersion()
    this.cursor = Date.now()
    // runs that existed before the watch are not new: mark those the slack window will re-read
    for (const id of this.project.changesSince(this.cursor - 2 * SLACK_MS).newRuns) this.announced.add(id)
    const dir = this.project.dir
    this.watcher = chokidarWatch([dir, join(dir, 'inbox')], {
      depth: 0,
      ignoreInitial: true,
      ignored: (path) => path !== dir && path !== join(dir, 'inbox') && !relevant(path, dir),
    })
    this.watcher.on('all', () => this.wake())
    this.watcher.on('error', () => {}) // the poll below still runs
    this.poll = setInterval(() => this.wake(), this.timings.pollMs)
    this.poll.unref()
  }

  /** Stops the watcher and timers (also when the store closes). */
  stop(): void {
    clearInterval(this.poll)
    clearTimeout(this.debounce)
    this.poll = this.debounce = undefined
    void this.watcher?.close()
    this.watcher = undefined
  }

  private wake(): void {
    if (this.debounce || !this.poll) return
    let version: number
    try {
      version = this.project.dataVersion()
    } catch {
      return // closed
    }
    if (version === this.version) return
    this.debounce = setTimeout(() => this.emit(), this.timings.debounceMs)
  }

  private emit(): void {
    this.debounce = undefined
    if (!this.poll) return
    let change: ChangeSet
    try {
      this.version = this.project.dataVersion()
      const since = this.project.changesSince(this.cursor - SLACK_MS)
      this.cursor = Math.max(this.cursor, since.until)
      change = this.fresh(since)
    } catch {
      return // a busy or closed project: the next wake-up tries again
    }
    if (change.runs.length === 0 && change.newRuns.length === 0) return
    for (const listener of [...this.listeners]) listener(change)
  }

  /** The change without runs already announced as new (the slack window re-reads them). */
  private fresh(since: ChangeSet): ChangeSet {
    const newRuns = since.newRuns.filter((id) => !this.announced.has(id))
    for (const id of newRuns) this.announced.add(id)
    return { runs: since.runs, newRuns }
  }
}
