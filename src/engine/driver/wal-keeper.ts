/**
 * What keeps a writer's WAL small once SQLite's auto-checkpoint is off on its connection: after each write
 * transaction it looks at the WAL's size; past `startBytes` it starts the background checkpointer
 * (checkpointer.ts; small projects and tests never need one), and past `limitBytes` — the worker cannot
 * keep up, or was never started — the writer checkpoints itself without waiting on anyone
 * (`checkpointSelf`: a TRUNCATE checkpoint with no busy wait, which copies what it can and empties the
 * WAL when no reader holds an old snapshot). A reader that holds a snapshot pins the WAL for as long as it
 * holds it, as with SQLite's own checkpoints; the first write after it lets go brings the WAL back down.
 *
 * @example
 * const keeper = new WalKeeper(file, DEFAULT_WAL_POLICY, 'NORMAL', () => client.pragma('wal_checkpoint(TRUNCATE)'))
 * keeper.afterWrite()   // after each commit
 * keeper.close()        // before the writer's connection closes
 */
import { statSync } from 'node:fs'
import { startCheckpointer, type Checkpointer } from './checkpointer.js'

/** When and how a writer's WAL is checkpointed. */
export interface WalPolicy {
  /** How often the background worker runs a PASSIVE checkpoint. */
  intervalMs: number
  /** WAL size past which the background worker starts. */
  startBytes: number
  /** WAL size past which the writer checkpoints itself; also SQLite's journal_size_limit. */
  limitBytes: number
}

/** The default: a checkpoint every 250 ms from 1 MiB of WAL on, the writer's own past 64 MiB. */
export const DEFAULT_WAL_POLICY: WalPolicy = Object.freeze({
  intervalMs: 250,
  startBytes: 1 << 20,
  limitBytes: 64 << 20,
})

/** Keeps one writer connection's WAL bounded (see the file comment). */
export class WalKeeper {
  private readonly wal: string
  private checkpointer: Checkpointer | undefined
  /** WAL size at the writer's last own checkpoint: it tries again once the WAL grew by half the limit. */
  private sizeAtSelf = 0
  private timeAtSelf = 0
  private selfCheckpoints = 0

  constructor(
    private readonly file: string,
    private readonly policy: WalPolicy,
    private readonly synchronous: 'NORMAL' | 'FULL',
    private readonly checkpointSelf: () => void,
  ) {
    this.wal = `${file}-wal`
  }

  /** Call after each committed write transaction. */
  afterWrite(): void {
    const size = statSync(this.wal, { throwIfNoEntry: false })?.size ?? 0
    if (size > this.policy.startBytes && this.checkpointer === undefined) {
      this.checkpointer = startCheckpointer(this.file, {
        intervalMs: this.policy.intervalMs,
        synchronous: this.synchronous,
      })
    }
    if (size <= this.policy.limitBytes) return
    // a reader holding a snapshot makes the attempt futile: try again once the WAL grew or time passed
    const now = Date.now()
    if (
      size >= this.sizeAtSelf + this.policy.limitBytes / 2 ||
      now - this.timeAtSelf >= 4 * this.policy.intervalMs
    ) {
      this.checkpointSelf()
      this.selfCheckpoints++
      this.sizeAtSelf = statSync(this.wal, { throwIfNoEntry: false })?.size ?? 0
      this.timeAtSelf = now
    }
  }

  /** Checkpoints run so far by the worker and by the writer itself. */
  counts(): { background: number; self: number } {
    return { background: this.checkpointer?.count() ?? 0, self: this.selfCheckpoints }
  }

  /** Stops the worker, waiting for a checkpoint under way. */
  close(): void {
    this.checkpointer?.stop()
  }
}
