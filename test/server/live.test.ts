/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read JSON replies loosely and assert their shape */
/** The SSE endpoint in memory: a change written by another connection arrives; replay, reset, cleanup. */
import { describe, expect, test } from 'vitest'
import { openProject } from '../../src/index.js'
import type { ServerApp } from '../../src/server/app.js'
import { appOver, demoWorkspace } from './fixture.js'

interface SseEvent {
  event?: string
  id?: string
  data?: string
  comment?: string
}

/** Reads SSE events from a response body until `stop` says so. */
async function readEvents(res: Response, stop: (events: SseEvent[]) => boolean): Promise<SseEvent[]> {
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  const events: SseEvent[] = []
  let buffer = ''
  while (!stop(events)) {
    const { value, done } = await reader.read()
    if (done) break
    buffer += decoder.decode(value, { stream: true })
    let end
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const event: SseEvent = {}
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) event.comment = line.slice(1).trim()
        else {
          const i = line.indexOf(':')
          ;(event as Record<string, string>)[line.slice(0, i)] = line.slice(i + 1).trim()
        }
      }
      events.push(event)
    }
  }
  return events
}

function open(app: ServerApp, headers: Record<string, string> = {}) {
  const abort = new AbortController()
  const res = app.request('/api/projects/demo/live', { headers, signal: abort.signal })
  return { res, abort }
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
}

describe('live', () => {
  test('announces the run and field a writer changed; a new run; then replays and resets', async () => {
    const demo = await demoWorkspace()
    const { app } = appOver(demo.home, { live: { heartbeatMs: 50 } })
    const first = open(app)
    const res = await first.res
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const writer = openProject(demo.dir, { onWarning: () => {} })
    const reading = readEvents(
      res,
      (events) =>
        events.some((e) => e.event === 'change' && e.data?.includes('DEMO-3')) &&
        events.some((e) => e.comment === 'ping'),
    )
    await new Promise((r) => setTimeout(r, 100))
    const run = writer.runs.resume('DEMO-1')
    run.field('metrics/acc').append(0.95, { step: 3 })
    run.flush()
    await new Promise((r) => setTimeout(r, 150))
    writer.startRun({ name: 'third' }).close()
    const events = await reading
    expect(events[0]).toMatchObject({ event: 'ready', id: '0' })
    const changes = events.filter((e) => e.event === 'change')
    const data = changes.map((e) => JSON.parse(e.data!))
    expect(
      data.some((d) => d.runs.some((r: any) => r.id === 'DEMO-1' && r.fields.includes('metrics/acc'))),
    ).toBe(true)
    expect(data.flatMap((d) => d.newRuns)).toEqual(['DEMO-3'])
    expect(changes.map((e) => Number(e.id))).toEqual(changes.map((_, i) => i + 1))
    run.close()
    writer.close()
    first.abort.abort()
    await until(() => app.liveStreams() === 0)
    expect(app.liveStreams()).toBe(0)

    // the client then asks for the points after its last step
    const after = await (
      await app.request('/api/projects/demo/runs/DEMO-1/series?path=metrics/acc&after=2')
    ).json()
    expect((after as any).points).toMatchObject({ steps: [3], values: [0.95] })

    const last = changes.length
    const replay = open(app, { 'Last-Event-ID': '0' })
    const replayed = await readEvents(
      await replay.res,
      (events) => events.filter((e) => e.event === 'change').length >= last,
    )
    expect(replayed[0]).toMatchObject({ event: 'ready', id: '0' })
    expect(replayed.filter((e) => e.event === 'change').map((e) => e.id)).toEqual(changes.map((e) => e.id))
    replay.abort.abort()

    for (const stale of [String(last + 5), 'x']) {
      const again = open(app, { 'Last-Event-ID': stale })
      const got = await readEvents(await again.res, (events) => events.length >= 1)
      expect(got[0]!.event).toBe(stale === 'x' ? 'ready' : 'reset')
      again.abort.abort()
    }
    await until(() => app.liveStreams() === 0)
    expect(app.liveStreams()).toBe(0)
  })

  test('a thousand streams opened and closed leave none behind; the cap answers 503', async () => {
    const demo = await demoWorkspace()
    const { app } = appOver(demo.home, { live: { maxStreams: 5 } })
    for (let round = 0; round < 200; round++) {
      const opened = await Promise.all(
        Array.from({ length: 5 }, () => open(app)).map(async (o) => ({ ...o, res: await o.res })),
      )
      if (round === 0) {
        const over = await app.request('/api/projects/demo/live')
        expect(over.status).toBe(503)
        expect(((await over.json()) as any).error.code).toBe('TOO_MANY_STREAMS')
      }
      for (const o of opened) o.abort.abort()
      await until(() => app.liveStreams() === 0)
    }
    expect(app.liveStreams()).toBe(0)
  })

  test('HEAD answers the headers without opening a stream', async () => {
    const demo = await demoWorkspace()
    const { app } = appOver(demo.home)
    const res = await app.request('/api/projects/demo/live', { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    expect(app.liveStreams()).toBe(0)
  })

  test('a stream of an unknown project is a 404, not a stream', async () => {
    const demo = await demoWorkspace()
    const { app } = appOver(demo.home)
    const res = await app.request('/api/projects/nope/live')
    expect(res.status).toBe(404)
  })
})
