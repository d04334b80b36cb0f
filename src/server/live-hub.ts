/**
 * The live-update fan-out of one project: numbers each change (the SSE event id), keeps the last 256 for
 * `Last-Event-ID` replays, and delivers to every connected stream. It watches the store while it has
 * streams, and for `lingerMs` after the last one leaves, so a quick reconnect misses nothing; a reconnect
 * that may have missed changes gets a reset.
 *
 * @example
 * const hub = new LiveHub(projectStore)
 * const leave = hub.join((event) => send(event))
 * hub.replay(lastEventId)   // the events to send again, or 'reset'
 */
import type { ChangeSet, ProjectStore } from '../store/read-store.js'

/** One numbered change. */
export interface LiveEvent {
  id: number
  data: ChangeSet
}

const KEEP = 256

/** Fan-out for one project. */
export class LiveHub {
  private counter = 0
  private readonly recent: LiveEvent[] = []
  private readonly clients = new Set<(event: LiveEvent) => void>()
  private unwatch: (() => void) | undefined
  private linger: NodeJS.Timeout | undefined
  /** The counter when watching last stopped: a client that last saw an id <= this may have missed changes. */
  private gapAt = -1

  constructor(
    private readonly store: ProjectStore,
    private readonly lingerMs = 30_000,
  ) {}

  /** The id of the newest event. */
  get current(): number {
    return this.counter
  }

  /** Connected streams. */
  get size(): number {
    return this.clients.size
  }

  /** Adds a stream; returns the function that removes it (idempotent). */
  join(client: (event: LiveEvent) => void): () => void {
    clearTimeout(this.linger)
    this.linger = undefined
    this.clients.add(client)
    this.unwatch ??= this.store.watch((change) => this.publish(change))
    return () => {
      if (!this.clients.delete(client) || this.clients.size > 0) return
      this.linger = setTimeout(() => this.stop(), this.lingerMs)
      this.linger.unref()
    }
  }

  /** The events after `lastId` to send again, or 'reset' when some may be lost. */
  replay(lastId: number): LiveEvent[] | 'reset' {
    if (lastId > this.counter || lastId <= this.gapAt) return 'reset'
    if (lastId === this.counter) return []
    const oldest = this.recent[0]?.id ?? this.counter + 1
    if (lastId < oldest - 1) return 'reset'
    return this.recent.filter((e) => e.id > lastId)
  }

  private publish(data: ChangeSet): void {
    const event = { id: ++this.counter, data }
    this.recent.push(event)
    if (this.recent.length > KEEP) this.recent.shift()
    for (const client of [...this.clients]) client(event)
  }

  /** Stops watching (the streams are ended by their owners). */
  stop(): void {
    clearTimeout(this.linger)
    this.linger = undefined
    if (this.unwatch) this.gapAt = this.counter
    this.unwatch?.()
    this.unwatch = undefined
  }
}
