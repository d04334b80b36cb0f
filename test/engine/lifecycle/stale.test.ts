/**
 * Stale runs (issue 3): a run whose process died without closing it still says 'running', but its
 * heartbeat (sys/ping_time) stops; once the ping is older than STALE_AFTER_MS, listings and the API show
 * it as stale. A live run is never stale, nor is a closed one.
 */
import { describe, expect, it } from 'vitest'
import { openProject, STALE_AFTER_MS, type SeriesPoints } from '../../../src/index.js'
import { HEARTBEAT_MS } from '../../../src/engine/runs/writer.js'
import { reopen, tempProject } from '../../helpers/project.js'
import { tempProjectDir } from '../../helpers/tmp.js'
import { NO_CAPTURE, runLifecycle, withDb } from './helpers.js'

/**
 * Moves the run's sys/ping_time `ms` into the past, straight in project.db. This stands in for waiting
 * STALE_AFTER_MS (30 s) after the kill: the heartbeat is a stored Datetime (ms in `fields.num`), and
 * staleness is judged from it alone.
 */
function agePing(dir: string, runId: string, ms: number): void {
  withDb(
    dir,
    (db) => {
      const changed = db
        .prepare(
          "UPDATE fields SET num = num - ? WHERE path = 'sys/ping_time' AND run_id = (SELECT id FROM runs WHERE sys_id = ?)",
        )
        .run(ms, runId).changes
      expect(changed).toBe(1)
    },
    { readonly: false },
  )
}

describe('a run whose process was SIGKILLed while running', () => {
  it('is not stale while its ping is fresh, and stale once the ping is older than STALE_AFTER_MS', async () => {
    const dir = tempProjectDir('demo')
    const child = runLifecycle('session', [
      dir,
      JSON.stringify({
        start: { ...NO_CAPTURE, customRunId: 'doomed' },
        floats: [{ path: 'train/loss', from: 0, to: 9 }],
        flush: true,
        end: 'wait',
      }),
    ])
    const [, id] = (await child.line('run ')).split(' ')
    await child.line('ready')

    // alive: running, heartbeat fresh
    let project = reopen(dir)
    expect(project.runs.list()).toMatchObject([{ id, state: 'running', stale: false }])
    expect(project.runs.get(id!).isStale()).toBe(false)
    project.close()

    child.process.kill('SIGKILL')
    expect((await child.ended).signal).toBe('SIGKILL')

    project = reopen(dir)
    const view = project.runs.get(id!)
    // died without closing: still 'running', and its ping is just as fresh as before the kill
    expect(view.field('sys/state').fetch()).toBe('running')
    expect(view.isStale()).toBe(false)
    const ping = (view.field('sys/ping_time').fetch() as Date).getTime()
    // the same run judged at a time past the threshold
    expect(view.isStale(ping + STALE_AFTER_MS + 1)).toBe(true)
    expect(view.isStale(ping + STALE_AFTER_MS - 1_000)).toBe(false)
    project.close()

    agePing(dir, id!, STALE_AFTER_MS + 5_000)
    project = reopen(dir)
    expect(project.runs.get(id!).isStale()).toBe(true)
    expect(project.runs.list()).toMatchObject([{ id, state: 'running', stale: true, failed: false }])
    // what was flushed before the kill is all there
    expect([...(project.runs.get(id!).field('train/loss').fetchValues() as SeriesPoints).steps]).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ])

    // resuming a stale run brings its heartbeat back
    const resumed = project.startRun({ ...NO_CAPTURE, customRunId: 'doomed' })
    expect(resumed.id).toBe(id)
    expect(project.runs.get(id!).isStale()).toBe(false)
    expect(project.runs.list()).toMatchObject([{ id, state: 'running', stale: false }])
    resumed.close()
    expect(project.runs.list()).toMatchObject([{ id, state: 'idle', stale: false }])
  })
})

describe('the heartbeat of a live run', () => {
  it('keeps sys/ping_time moving while the run logs nothing, even with a flushMs longer than the stale threshold', async () => {
    const dir = tempProjectDir()
    // flushMs far beyond STALE_AFTER_MS: the heartbeat must not wait for a data flush
    const child = runLifecycle('session', [
      dir,
      JSON.stringify({ project: { flushMs: 2 ** 31 - 1 }, start: NO_CAPTURE, end: 'wait' }),
    ])
    const [, id] = (await child.line('run ')).split(' ')
    await child.line('ready')
    const ping = (): number => {
      const reader = openProject(dir, { readonly: true })
      try {
        return (reader.runs.get(id!).field('sys/ping_time').fetch() as Date).getTime()
      } finally {
        reader.close()
      }
    }
    const first = ping()
    // waits for the heartbeat (every HEARTBEAT_MS) to write a newer ping; gives up after four periods
    const deadline = Date.now() + 4 * HEARTBEAT_MS
    let latest = first
    while (latest === first && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      latest = ping()
    }
    child.process.kill('SIGKILL')
    await child.ended
    expect(latest).toBeGreaterThan(first)
  })
})

describe('runs that are not stale', () => {
  it('a live run in this process', () => {
    const project = tempProject()
    const run = project.startRun(NO_CAPTURE)
    expect(run.isStale()).toBe(false)
    expect(project.runs.get(run.id).isStale()).toBe(false)
    expect(project.runs.list()[0]).toMatchObject({ state: 'running', stale: false })
    run.close()
  })

  it('a closed run, however old its last ping', () => {
    const project = tempProject()
    const run = project.startRun(NO_CAPTURE)
    run.close()
    const dir = project.dir
    project.close()
    agePing(dir, run.id, 10 * STALE_AFTER_MS)
    const reopened = reopen(dir)
    expect(reopened.runs.get(run.id).isStale()).toBe(false)
    expect(reopened.runs.list()[0]).toMatchObject({ state: 'idle', stale: false })
  })
})
