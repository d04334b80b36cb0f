/**
 * What a run writer (flush-client.ts) and its flush worker (flush-worker.ts) exchange: messages on a
 * MessagePort, and Int32 cells in a SharedArrayBuffer — the count of messages the worker answered (a
 * waiting writer blocks on it with Atomics.wait, then reads the answers with receiveMessageOnPort, which
 * needs no event loop) and the worker's state.
 *
 * @example
 * const c = new Int32Array(new SharedArrayBuffer(CELLS * 4))
 * Atomics.load(c, DONE_CELL)   // messages answered so far
 */
import type { BatchReply, FlushBatch } from './flush-batch.js'
import type { WireError } from './wire-error.js'

/** The cells: messages answered, the worker's state. */
export const DONE_CELL = 0
export const STATE_CELL = 1
export const CELLS = 2

/** The worker's states. */
export const WORKER_BOOTING = 0
export const WORKER_OPEN = 1
export const WORKER_CLOSED = 2
/** The thread ended without closing (it crashed): nothing more will be answered. */
export const WORKER_GONE = 3

/** Writer → worker. */
export type WorkerMessage = { kind: 'batch'; batch: FlushBatch } | { kind: 'close' }

/** Worker → writer: a batch's answer (its float buffers handed back), or the close's. */
export type WorkerAnswer =
  | { kind: 'reply'; reply: BatchReply; buffers: ArrayBuffer[] }
  | { kind: 'closed'; error?: WireError; held: number }
