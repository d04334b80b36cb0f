/**
 * The flush worker's thread (started by flush-client.ts): its own write connection to project.db, on
 * which it writes each batch a run writer hands it (flush-batch.ts) in one transaction, then answers on
 * its port — the float buffers handed back for reuse — and counts the message done in the shared cells,
 * so a writer that waits (`flush()`, `close()`) can block on the count and read the answer synchronously.
 * A batch that failed is kept and written again before the next one. The thread never throws: an error
 * is an answer.
 *
 * @example
 * new Worker(flushWorkerUrl, { workerData: { file, durability, busyTimeoutMs, runId, cells, port }, transferList: [port] })
 */
import { workerData, type MessagePort } from 'node:worker_threads'
import { openDatabase, type Database, type Durability } from '../driver/database.js'
import { FloatRowCache } from './row-cache.js'
import { writeBatches, type BatchReply, type FlushBatch } from './flush-batch.js'
import {
  DONE_CELL,
  STATE_CELL,
  WORKER_CLOSED,
  WORKER_GONE,
  WORKER_OPEN,
  type WorkerMessage,
} from './flush-protocol.js'
import { toWire } from './wire-error.js'

interface FlushWorkerData {
  file: string
  durability: Durability
  busyTimeoutMs: number
  runId: number
  cells: SharedArrayBuffer
  port: MessagePort
}

const { file, durability, busyTimeoutMs, runId, cells, port } = workerData as FlushWorkerData
const c = new Int32Array(cells)

/** Counts one message answered and wakes a waiting writer (after the answer is on the port). */
function done(state?: number): void {
  if (state !== undefined) Atomics.store(c, STATE_CELL, state)
  Atomics.add(c, DONE_CELL, 1)
  Atomics.notify(c, DONE_CELL)
}

let database: Database | undefined
let openError: unknown
try {
  database = openDatabase(file, { readonly: false, durability, busyTimeoutMs })
  database.enableWal() // already WAL: this turns auto-checkpoints off and starts the WAL keeper
} catch (error) {
  openError = error
}
const rows = database && new FloatRowCache(database, runId)
/** Batches not written yet (the last attempt failed). */
let held: FlushBatch[] = []

function write(batch: FlushBatch): void {
  held.push(batch)
  let reply: BatchReply
  const transfer: ArrayBuffer[] = []
  try {
    if (database === undefined || rows === undefined) throw openError
    const { conflicts, stale } = writeBatches(database, runId, rows, held)
    for (const b of held)
      for (const f of b.floats) transfer.push(f.steps.buffer, f.values.buffer, f.timestamps.buffer)
    reply = { id: batch.id, ok: true, conflicts, stale }
    held = []
  } catch (error) {
    reply = { id: batch.id, ok: false, conflicts: [], stale: [], error: toWire(error) }
  }
  port.postMessage({ kind: 'reply', reply, buffers: transfer }, transfer)
}

function close(): void {
  let error
  try {
    database?.close()
  } catch (e) {
    error = toWire(e)
  }
  database = undefined
  port.postMessage({ kind: 'closed', error, held: held.length })
  port.close()
}

Atomics.store(c, STATE_CELL, WORKER_OPEN)
// a thread that ends without a close (terminated, out of memory) must not leave a writer waiting
process.on('exit', () => {
  if (Atomics.load(c, STATE_CELL) === WORKER_CLOSED) return
  Atomics.store(c, STATE_CELL, WORKER_GONE)
  Atomics.notify(c, DONE_CELL)
})
port.on('message', (message: WorkerMessage) => {
  try {
    if (message.kind === 'batch') write(message.batch)
    else close()
  } finally {
    done(message.kind === 'close' ? WORKER_CLOSED : undefined)
  }
})
