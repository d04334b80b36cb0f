/**
 * How a run ends when its process does (issue 3), with real child processes: an uncaught exception or an
 * unhandled rejection sets sys/failed, stores the error and stack in monitoring/<id>/traceback, flushes,
 * and the process still fails as it would have (non-zero exit, the error on stderr); SIGTERM and SIGINT
 * flush and mark the run idle.
 */
import { describe, expect, it } from 'vitest'
import type { SeriesPoints } from '../../../src/index.js'
import { reopen, tempProject } from '../../helpers/project.js'
import { tempProjectDir } from '../../helpers/tmp.js'
import { NO_CAPTURE, runLifecycle } from './helpers.js'

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i)

/** Starts a session child that logs 50 points without flushing (flushMs huge), then ends as `end` says. */
function crashing(
  dir: string,
  end: string,
  options: Record<string, unknown> = { captureTraceback: true },
  message = 'training blew up at step 49',
) {
  const config = {
    project: { flushMs: 2 ** 31 - 1 },
    start: { ...NO_CAPTURE, ...options, name: end, customRunId: `crash-${end}` },
    floats: [{ path: 'train/loss', from: 0, to: 49 }],
    message,
    end,
  }
  return runLifecycle('session', [dir, JSON.stringify(config)])
}

function onlyRun(dir: string) {
  const project = reopen(dir)
  const runs = project.runs.list()
  expect(runs).toHaveLength(1)
  return { view: project.runs.get(runs[0]!.id), summary: runs[0]! }
}

describe('an uncaught exception', () => {
  it('marks the run failed with the error in monitoring/<id>/traceback, flushes, closes, and the process still fails', async () => {
    const dir = tempProjectDir()
    const child = crashing(dir, 'throw')
    const [, , namespace] = (await child.line('run ')).split(' ')
    const { code, signal } = await child.ended
    expect(signal).toBeNull()
    expect(code).toBe(1)
    // the error printed as Node prints it, with its stack
    expect(child.stderr()).toContain('Error: training blew up at step 49')
    expect(child.stderr()).toMatch(/at .*lifecycle-session\.mjs/)

    const { view, summary } = onlyRun(dir)
    expect(view.field('sys/failed').fetch()).toBe(true)
    expect(summary.failed).toBe(true)
    const traceback = view.field(`${namespace}/traceback`)
    expect(traceback.type()).toBe('StringSeries')
    const text = traceback.fetchValues().values.join('\n')
    expect(text).toContain('training blew up at step 49')
    expect(text).toMatch(/at .*lifecycle-session\.mjs/)
    // every buffered point was flushed, and the run ended idle
    expect([...(view.field('train/loss').fetchValues() as SeriesPoints).steps]).toEqual(range(0, 49))
    expect(view.field('sys/state').fetch()).toBe('idle')
    expect(summary.state).toBe('idle')
    expect(summary.stale).toBe(false)
    const events = view.events.list()
    expect(events.map((e) => e.type)).toEqual(['started', 'failed', 'closed'])
    expect(events[1]!.payload).toEqual({ error: 'training blew up at step 49' })
  })

  it('with captureTraceback: false leaves sys/failed false and stores no traceback, but still flushes and fails the process', async () => {
    const dir = tempProjectDir()
    const child = crashing(dir, 'throw', { captureTraceback: false })
    const [, , namespace] = (await child.line('run ')).split(' ')
    const { code } = await child.ended
    expect(code).toBe(1)
    expect(child.stderr()).toContain('Error: training blew up at step 49')
    const { view } = onlyRun(dir)
    expect(view.field('sys/failed').fetch()).toBe(false)
    expect(view.exists(`${namespace}/traceback`)).toBe(false)
    expect(view.field('sys/state').fetch()).toBe('idle')
    expect([...(view.field('train/loss').fetchValues() as SeriesPoints).steps]).toEqual(range(0, 49))
    expect(view.events.list().map((e) => e.type)).toEqual(['started', 'closed'])
  })
})

describe('an unhandled promise rejection', () => {
  it('with an Error marks the run failed with the error and its stack, and the process still fails', async () => {
    const dir = tempProjectDir()
    const child = crashing(dir, 'reject', { captureTraceback: true }, 'async step rejected')
    const [, , namespace] = (await child.line('run ')).split(' ')
    const { code } = await child.ended
    expect(code).toBe(1)
    expect(child.stderr()).toContain('Error: async step rejected')

    const { view } = onlyRun(dir)
    expect(view.field('sys/failed').fetch()).toBe(true)
    const text = view.field(`${namespace}/traceback`).fetchValues().values.join('\n')
    expect(text).toContain('async step rejected')
    expect(text).toMatch(/at .*lifecycle-session\.mjs/)
    expect(view.field('sys/state').fetch()).toBe('idle')
    expect(view.field('train/loss').fetchLast()).toBe(49)
    expect(view.events.list().map((e) => e.type)).toEqual(['started', 'failed', 'closed'])
  })

  it('with a plain string reason stores that reason', async () => {
    const dir = tempProjectDir()
    const child = crashing(dir, 'reject-string', { captureTraceback: true }, 'plain reason 1234')
    const [, , namespace] = (await child.line('run ')).split(' ')
    const { code } = await child.ended
    expect(code).toBe(1)
    expect(child.stderr()).toContain('plain reason 1234')
    const { view } = onlyRun(dir)
    expect(view.field('sys/failed').fetch()).toBe(true)
    expect(view.field(`${namespace}/traceback`).fetchValues().values.join('\n')).toContain(
      'plain reason 1234',
    )
    expect(view.field('sys/state').fetch()).toBe('idle')
  })
})

describe('signals', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s flushes the buffered points and marks the run idle, not failed; the signal still ends the process',
    async (signal) => {
      const dir = tempProjectDir()
      const child = crashing(dir, 'wait', { captureTraceback: true })
      await child.line('ready')
      child.process.kill(signal)
      const ended = await child.ended
      expect(ended.signal).toBe(signal)
      expect(child.stderr()).toBe('')

      const { view, summary } = onlyRun(dir)
      expect([...(view.field('train/loss').fetchValues() as SeriesPoints).steps]).toEqual(range(0, 49))
      expect(view.field('sys/state').fetch()).toBe('idle')
      expect(view.field('sys/failed').fetch()).toBe(false)
      expect(summary).toMatchObject({ state: 'idle', failed: false, stale: false })
      expect((view.field('sys/size').fetch() as bigint) > 0n).toBe(true)
      expect(view.events.list().map((e) => e.type)).toEqual(['started', 'closed'])
    },
  )
})

describe('run.fail() called by the program', () => {
  it('marks the run failed with the caught error, appends a failed event, and keeps the run open', () => {
    const project = tempProject()
    const run = project.startRun(NO_CAPTURE)
    run.log({ 'train/loss': 1 }, { step: 0 })
    run.fail(new RangeError('loss went NaN'))
    expect(run.field('sys/failed').fetch()).toBe(true)
    const traceback = run.field(`${run.monitoringNamespace}/traceback`).fetchValues().values
    expect(traceback).toHaveLength(1)
    expect(traceback[0]).toMatch(/^RangeError: loss went NaN/)
    // still open for writing after fail()
    run.log({ 'train/loss': 2 }, { step: 1 })
    run.close()
    const view = project.runs.get(run.id)
    expect(view.field('train/loss').fetchLast()).toBe(2)
    expect(view.events.list().map((e) => [e.type, e.payload])).toEqual([
      ['started', null],
      ['failed', { error: 'loss went NaN' }],
      ['closed', null],
    ])
    expect(project.runs.list()[0]).toMatchObject({ failed: true, state: 'idle' })
  })
})
