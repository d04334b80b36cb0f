/**
 * A run writer's side of its flush worker (flush-worker.ts): starts the thread, hands it batches (the
 * float columns transferred, not copied), takes the answers back — without an event loop, so a
 * synchronous `flush()` or an `exit` hook can wait for them — and keeps the handed-back columns for the
 * writer's next buffers.
 *
 * From the TypeScript sources (the tests) the thread runs the built copy in dist/: run `npm run build`.
 *
 * @example
 * const client = new FlushClient({ file, durability: 'normal', busyTimeoutMs: 5000, runId })
 * client.send(batch, [steps.buffer, values.buffer, timestamps.buffer])
 * for (const reply of client.answers(true)) if (!reply.ok) throw fromWire(reply.error!)
 * client.close()
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
import type { Durability } from '../driver/database.js'
import { NereidError } from '../errors.js'
import type { BatchReply, FlushBatch } from './flush-batch.js'
import {
  CELLS,
  DONE_CELL,
  STATE_CELL,
  WORKER_BOOTING,
  WORKER_GONE,
  type WorkerAnswer,
  type WorkerMessage,
} from './flush-protocol.js'
import { fromWire } from './wire-error.js'

/** Where the worker's module is: beside this one, or in dist/ when this one runs from its .ts source. */
function workerFile(): string {
  const here = import.meta.url
  const url = here.endsWith('.ts')
    ? new URL('../../../dist/src/engine/runs/flush-worker.js', here)
    : new URL('./flush-worker.js', here)
  return fileURLToPath(url)
}

/** Longest a writer waits for a thread that never booted. */
const BOOT_WAIT_MS = 60_000
/** Handed-back columns kept per length (more go to the garbage collector). */
const POOL_PER_LENGTH = 256

function lost(what: string): NereidError {
  return new NereidError('FLUSH_WORKER_LOST', `the run's flush worker ${what}`, {
    hint: 'The points of flushes it had not committed are lost; close the run and start or resume it again (flush: "inline" writes on the main thread).',
  })
}

/** What the worker's connection needs. */
export interface FlushClientOptions {
  file: string
  durability: Durability
  busyTimeoutMs: number
  runId: number
}

/** The writer's end of one flush worker. */
export class FlushClient {
  private readonly worker: Worker
  private readonly port: MessagePort
  private readonly cells = new Int32Array(new SharedArrayBuffer(CELLS * 4))
  private sent = 0
  private answered = 0
  private nextId = 1
  private readonly pool = new Map<number, Float64Array<ArrayBuffer>[]>()
  private closed = false

  constructor(options: FlushClientOptions) {
    const file = workerFile()
    if (!existsSync(file)) {
      throw new NereidError('FLUSH_WORKER_MISSING', `the flush worker's module ${file} does not exist`, {
        hint: 'Build Nereid (npm run build), or start the run with flush: "inline".',
      })
    }
    const { port1, port2 } = new MessageChannel()
    this.port = port1
    this.port.unref()
    this.worker = new Worker(file, {
      workerData: { ...options, cells: this.cells.buffer, port: port2 },
      transferList: [port2],
    })
    this.worker.unref() // the writer's close ends it; an exit hook flushes through it first
    this.worker.on('error', () => {}) // seen by a waiting writer as WORKER_GONE
  }

  /** Messages sent and not answered yet. */
  get inFlight(): number {
    return this.sent - this.answered
  }

  /** Hands `batch` over (it gets its id here); `transfer` moves the float columns' buffers. */
  send(batch: Omit<FlushBatch, 'id'>, transfer: ArrayBuffer[]): void {
    this.post({ kind: 'batch', batch: { ...batch, id: this.nextId++ } }, transfer)
  }

  private post(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
    if (this.closed) throw lost('was closed')
    this.port.postMessage(message, transfer)
    this.sent++
  }

  /**
   * The answers there are; with `wait`, first waits until all but `keep` of the messages sent are
   * answered (`keep` 0: every one).
   */
  answers(wait: boolean, keep = 0): BatchReply[] {
    if (wait) this.waitFor(this.sent - keep)
    const replies: BatchReply[] = []
    for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
      const answer = m.message as WorkerAnswer
      this.answered++
      if (answer.kind !== 'reply') continue
      for (const buffer of answer.buffers) this.keep(new Float64Array(buffer))
      replies.push(answer.reply)
    }
    return replies
  }

  /** Blocks until the worker answered `count` messages in all. */
  private waitFor(count: number): void {
    const start = Date.now()
    for (;;) {
      const done = Atomics.load(this.cells, DONE_CELL)
      if (done >= count) return
      const state = Atomics.load(this.cells, STATE_CELL)
      if (state === WORKER_GONE) throw lost('ended before it wrote every flush')
      if (state === WORKER_BOOTING && Date.now() - start > BOOT_WAIT_MS) throw lost('did not start')
      Atomics.wait(this.cells, DONE_CELL, done, 1000)
    }
  }

  private keep(columns: Float64Array<ArrayBuffer>): void {
    let list = this.pool.get(columns.length)
    if (list === undefined) this.pool.set(columns.length, (list = []))
    if (list.length < POOL_PER_LENGTH) list.push(columns)
  }

  /** Columns of `length` float64s: handed back by the worker, or new. */
  columns(length: number): Float64Array<ArrayBuffer> {
    return this.pool.get(length)?.pop() ?? new Float64Array(length)
  }

  /**
   * Waits for every answer, then closes the worker's connection and ends the thread; returns the answers
   * not read yet. Throws the error of closing the worker's connection.
   */
  close(): BatchReply[] {
    if (this.closed) return []
    const replies = this.answers(true)
    this.post({ kind: 'close' })
    this.closed = true
    let error
    try {
      this.waitFor(this.sent)
    } finally {
      for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
        const answer = m.message as WorkerAnswer
        if (answer.kind === 'closed' && answer.error) error = fromWire(answer.error)
      }
      this.port.close()
    }
    if (error) throw error
    return replies
  }
}
