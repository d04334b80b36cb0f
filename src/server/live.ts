/**
 * GET /api/projects/:p/live: Server-Sent Events announcing which runs and fields changed (docs/server.md,
 * "live updates"). Cleanup is bound to both the stream's abort and the request's signal, idempotently,
 * and a failed write ends the stream too, so closed tabs leak nothing. At most `maxStreams` at once.
 *
 * @example
 * const live = new Live({ heartbeatMs: 15_000, maxStreams: 256 })
 * api.get('/projects/:p/live', (c) => live.stream(c, projectStore))
 */
import type { Context } from 'hono'
import { streamSSE, type SSEStreamingApi } from 'hono/streaming'
import type { ProjectStore } from '../store/read-store.js'
import { HttpError } from './http-error.js'
import { LiveHub, type LiveEvent } from './live-hub.js'

/** Options of the live endpoint. */
export interface LiveOptions {
  heartbeatMs: number
  maxStreams: number
  /** How long a project stays watched after its last stream leaves. */
  lingerMs: number
}

/** Every project's hub and the open streams. */
export class Live {
  private readonly hubs = new Map<string, LiveHub>()
  private readonly open = new Set<() => void>()

  constructor(private readonly options: LiveOptions) {}

  /** Open streams. */
  get streams(): number {
    return this.open.size
  }

  private hub(store: ProjectStore): LiveHub {
    let hub = this.hubs.get(store.name)
    if (!hub) this.hubs.set(store.name, (hub = new LiveHub(store, this.options.lingerMs)))
    return hub
  }

  /** The SSE response for `store`. */
  stream(c: Context, store: ProjectStore): Response {
    if (this.open.size >= this.options.maxStreams) {
      throw new HttpError(
        503,
        'TOO_MANY_STREAMS',
        `the server already holds ${this.options.maxStreams} live streams`,
        'Close other tabs of the viewer, or try again later.',
      )
    }
    const hub = this.hub(store)
    const header = c.req.header('last-event-id')
    const lastId = header !== undefined && /^\d{1,15}$/.test(header) ? Number(header) : undefined
    return streamSSE(c, async (stream) => {
      let done = false
      let finish = () => {}
      const ended = new Promise<void>((resolve) => (finish = resolve))
      const queue: LiveEvent[] = []
      let writing = false
      let started = false
      const write = async (fn: (s: SSEStreamingApi) => Promise<unknown>) => {
        if (done) return
        try {
          await fn(stream)
        } catch {
          cleanup()
        }
        if (stream.closed || stream.aborted) cleanup()
      }
      const drain = async () => {
        if (writing || !started) return
        writing = true
        while (queue.length > 0 && !done) {
          const event = queue.shift()!
          await write((s) =>
            s.writeSSE({ event: 'change', id: String(event.id), data: JSON.stringify(event.data) }),
          )
        }
        writing = false
      }
      const leave = hub.join((event) => {
        queue.push(event)
        void drain()
      })
      const heartbeat = setInterval(() => void write((s) => s.write(': ping\n\n')), this.options.heartbeatMs)
      const cleanup = () => {
        if (done) return
        done = true
        clearInterval(heartbeat)
        leave()
        this.open.delete(cleanup)
        c.req.raw.signal.removeEventListener('abort', cleanup)
        stream.abort()
        finish()
      }
      this.open.add(cleanup)
      stream.onAbort(cleanup)
      c.req.raw.signal.addEventListener('abort', cleanup)
      if (c.req.raw.signal.aborted) cleanup()

      // joined above and computed here without an await between: nothing is lost or sent twice
      const replay = lastId === undefined ? [] : hub.replay(lastId)
      const readyId = String(replay === 'reset' || replay.length === 0 ? hub.current : replay[0]!.id - 1)
      if (replay === 'reset') await write((s) => s.writeSSE({ event: 'reset', id: readyId, data: '{}' }))
      else {
        await write((s) =>
          s.writeSSE({ event: 'ready', id: readyId, data: JSON.stringify({ version: hub.current }) }),
        )
        queue.unshift(...replay)
      }
      started = true
      void drain()
      await ended
    })
  }

  /** Ends every stream and stops every watcher (server shutdown). */
  close(): void {
    for (const cleanup of [...this.open]) cleanup()
    for (const hub of this.hubs.values()) hub.stop()
  }
}
