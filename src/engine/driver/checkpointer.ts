/**
 * Background WAL checkpoints: a worker thread with its own connection to project.db runs a PASSIVE
 * checkpoint every `intervalMs`, so the writer (whose auto-checkpoint is off) never pays a checkpoint's
 * copies and fsyncs inside a training loop's commit. `stop()` waits for a checkpoint under way and closes
 * the worker's connection, so the writer's own close is the last one and removes the WAL.
 *
 * The worker is plain JavaScript handed to `new Worker(…, { eval: true })`: it runs the same from the
 * TypeScript sources (tests) and from dist/, and loads the very better-sqlite3 the engine loads.
 *
 * @example
 * const checkpointer = startCheckpointer('/tmp/p/project.db', { intervalMs: 250, synchronous: 'NORMAL' })
 * checkpointer.count()   // checkpoints run so far
 * checkpointer.stop()    // waits for the last one
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** The cells shared with the worker (Int32): a stop flag, the worker's state, checkpoints run. */
const STOP = 0
const STATE = 1
const COUNT = 2
/** The worker's states. */
const BOOTING = 0
const IDLE = 1
const BUSY = 2
const DONE = 3
/** Longest `stop()` waits for the worker to close its connection. */
const STOP_WAIT_MS = 30_000

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads')
const { file, driver, intervalMs, synchronous, cells } = workerData
const c = new Int32Array(cells)
// close() may have run before this thread booted: then it never opens a connection
if (Atomics.compareExchange(c, ${STATE}, ${BOOTING}, ${IDLE}) === ${BOOTING}) {
  let db
  try {
    const Database = require(driver)
    db = new Database(file, { fileMustExist: true })
    db.pragma('synchronous = ' + synchronous)
    while (Atomics.load(c, ${STOP}) === 0) {
      Atomics.wait(c, ${STOP}, 0, intervalMs)
      if (Atomics.load(c, ${STOP}) !== 0) break
      Atomics.store(c, ${STATE}, ${BUSY})
      try { db.pragma('wal_checkpoint(PASSIVE)') } catch {}
      Atomics.store(c, ${STATE}, ${IDLE})
      Atomics.add(c, ${COUNT}, 1)
    }
  } catch {
  } finally {
    try { if (db) db.close() } catch {}
    Atomics.store(c, ${STATE}, ${DONE})
    Atomics.notify(c, ${STATE})
  }
}
`

/** Options of {@link startCheckpointer}. */
export interface CheckpointerOptions {
  intervalMs: number
  /** The writer's `synchronous` setting: a checkpoint fsyncs the WAL and the database under either. */
  synchronous: 'NORMAL' | 'FULL'
}

/** A running background checkpointer. */
export interface Checkpointer {
  /** Checkpoints run so far. */
  count(): number
  /** Stops the worker: waits for a checkpoint under way, closes its connection. Safe to call twice. */
  stop(): void
}

/** Starts the background checkpointer of `file` (an existing WAL database). */
export function startCheckpointer(file: string, options: CheckpointerOptions): Checkpointer {
  const cells = new SharedArrayBuffer(4 * 3)
  const c = new Int32Array(cells)
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, driver, intervalMs: options.intervalMs, synchronous: options.synchronous, cells },
  })
  worker.unref()
  worker.on('error', () => {}) // a failed worker only means no background checkpoints: the writer's guard remains
  return {
    count: () => Atomics.load(c, COUNT),
    stop: () => {
      Atomics.store(c, STOP, 1)
      Atomics.notify(c, STOP)
      if (Atomics.compareExchange(c, STATE, BOOTING, DONE) === BOOTING) return
      // a checkpoint is bounded by the WAL's size; the deadline only guards against a worker that died
      const deadline = Date.now() + STOP_WAIT_MS
      for (let s = Atomics.load(c, STATE); s !== DONE && Date.now() < deadline; s = Atomics.load(c, STATE))
        Atomics.wait(c, STATE, s, 100)
    },
  }
}
