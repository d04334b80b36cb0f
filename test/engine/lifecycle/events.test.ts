/**
 * A run's event log (issue 3; Datature's run log): append-only (time, type, JSON payload) records that
 * programs append and Nereid fills with started, resumed, forked, closed and failed; list() filters by
 * type and by time.
 */
import { describe, expect, it } from 'vitest'
import { InvalidValueError, openProject, type RunEvent } from '../../../src/index.js'
import { reopen, tempProject, thrown } from '../../helpers/project.js'
import { countRows, NO_CAPTURE } from './helpers.js'

const types = (events: RunEvent[]): string[] => events.map((e) => e.type)

describe('events.append and events.list', () => {
  it('stores time, type and payload in append order, and reads them back after reopen', () => {
    const project = tempProject()
    const run = project.startRun(NO_CAPTURE)
    const before = Date.now()
    run.events.append('checkpoint_saved', {
      step: 100,
      path: 'ckpt/100.pt',
      metrics: { loss: 0.25 },
      best: true,
      tags: ['a', 'b'],
    })
    run.events.append('lr_drop', { from: 0.1, to: 0.01 })
    run.events.append('note')
    run.events.append('note', 'plain string payload')
    run.events.append('note', 42)
    const after = Date.now()

    const listed = run.events.list()
    expect(types(listed)).toEqual(['started', 'checkpoint_saved', 'lr_drop', 'note', 'note', 'note'])
    expect(listed.map((e) => e.payload)).toEqual([
      null,
      { step: 100, path: 'ckpt/100.pt', metrics: { loss: 0.25 }, best: true, tags: ['a', 'b'] },
      { from: 0.1, to: 0.01 },
      null,
      'plain string payload',
      42,
    ])
    for (const event of listed.slice(1)) {
      expect(event.time).toBeInstanceOf(Date)
      expect(event.time.getTime()).toBeGreaterThanOrEqual(before)
      expect(event.time.getTime()).toBeLessThanOrEqual(after)
    }
    // times never go backwards in append order
    for (let i = 1; i < listed.length; i++)
      expect(listed[i]!.time.getTime()).toBeGreaterThanOrEqual(listed[i - 1]!.time.getTime())

    run.close()
    const dir = project.dir
    project.close()
    const view = reopen(dir).runs.get(run.id)
    expect(types(view.events.list())).toEqual([
      'started',
      'checkpoint_saved',
      'lr_drop',
      'note',
      'note',
      'note',
      'closed',
    ])
    expect(view.events.list({ type: 'lr_drop' })[0]!.payload).toEqual({ from: 0.1, to: 0.01 })
  })

  it('writes each event at once, without a flush (a reader sees it while the run is open)', () => {
    const project = tempProject()
    const run = project.startRun(NO_CAPTURE)
    run.events.append('epoch_end', { epoch: 1 })
    const reader = openProject(project.dir, { readonly: true })
    try {
      expect(types(reader.runs.get(run.id).events.list())).toEqual(['started', 'epoch_end'])
    } finally {
      reader.close()
    }
    run.close()
  })

  it('filters by type', () => {
    const project = tempProject()
    const run = project.startRun(NO_CAPTURE)
    for (let i = 0; i < 3; i++) run.events.append('a', { i })
    run.events.append('b', { i: 99 })
    expect(run.events.list({ type: 'a' }).map((e) => e.payload)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }])
    expect(run.events.list({ type: 'b' }).map((e) => e.payload)).toEqual([{ i: 99 }])
    expect(run.events.list({ type: 'missing' })).toEqual([])
    run.close()
  })

  it('filters by since (a Date or ms; events at or after it), alone and with type', () => {
    const project = tempProject()
    const run = project.startRun(NO_CAPTURE)
    run.events.append('a', 1)
    run.events.append('b', 2)
    run.events.append('a', 3)
    const all = run.events.list()
    const last = all.at(-1)!
    // at or after the last event's own time: it is included, and nothing strictly earlier is
    const sinceLast = run.events.list({ since: last.time })
    expect(sinceLast.at(-1)).toEqual(last)
    for (const event of sinceLast) expect(event.time.getTime()).toBeGreaterThanOrEqual(last.time.getTime())
    expect(sinceLast).toEqual(all.filter((e) => e.time.getTime() >= last.time.getTime()))
    expect(run.events.list({ since: last.time.getTime() })).toEqual(sinceLast)
    expect(run.events.list({ since: 0 })).toEqual(all)
    expect(run.events.list({ since: new Date(Date.now() + 3_600_000) })).toEqual([])
    expect(run.events.list({ type: 'a', since: 0 }).map((e) => e.payload)).toEqual([1, 3])
    expect(run.events.list({ type: 'b', since: new Date(Date.now() + 3_600_000) })).toEqual([])
    run.close()
  })

  it('refuses a since that is no time, instead of silently listing nothing', () => {
    const project = tempProject()
    const run = project.startRun(NO_CAPTURE)
    for (const since of [new Date('not a date'), Number.NaN, Infinity, '2024-01-01' as unknown as number]) {
      const error = thrown(() => run.events.list({ since }))
      expect(error).toBeInstanceOf(InvalidValueError)
      expect(error.code).toBe('INVALID_EVENT_FILTER')
    }
    expect(thrown(() => run.events.list({ type: 7 as unknown as string })).code).toBe('INVALID_EVENT_FILTER')
    run.close()
  })

  it("keeps each run's events to itself", () => {
    const project = tempProject()
    const one = project.startRun(NO_CAPTURE)
    const two = project.startRun(NO_CAPTURE)
    one.events.append('mine', 1)
    expect(types(two.events.list())).toEqual(['started'])
    expect(types(project.runs.get(one.id).events.list())).toEqual(['started', 'mine'])
    one.close()
    two.close()
  })

  it('refuses a bad type or a payload that is not JSON, and stores nothing for it', () => {
    const project = tempProject()
    const run = project.startRun(NO_CAPTURE)
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    const bad: [unknown, unknown][] = [
      ['', null],
      ['x'.repeat(257), null],
      [42, null],
      [undefined, null],
      ['cyclic', cyclic],
      ['bigint', { n: 1n }],
      ['function', () => 1],
      ['symbol', Symbol('s')],
    ]
    for (const [type, payload] of bad) {
      const error = thrown(() => run.events.append(type as string, payload))
      expect(error).toBeInstanceOf(InvalidValueError)
      expect(error.code).toBe('INVALID_EVENT')
      expect(error.hint).toMatch(/\w/)
    }
    expect(types(run.events.list())).toEqual(['started'])
    expect(countRows(project.dir, 'events')).toBe(1)
    run.close()
  })

  it('is read-only on a run view: the view has no append', () => {
    const project = tempProject()
    const run = project.startRun(NO_CAPTURE)
    run.close()
    const view = project.runs.get(run.id)
    expect('append' in view.events).toBe(false)
    expect(types(view.events.list())).toEqual(['started', 'closed'])
  })
})

describe("Nereid's own events", () => {
  it('records started and closed, once each even when close() is called twice', () => {
    const project = tempProject()
    const run = project.startRun(NO_CAPTURE)
    run.close()
    run.close()
    expect(types(project.runs.get(run.id).events.list())).toEqual(['started', 'closed'])
  })

  it('records resumed for startRun with a known customRunId and for runs.resume(id)', () => {
    const project = tempProject()
    let run = project.startRun({ ...NO_CAPTURE, customRunId: 'job' })
    run.close()
    run = project.startRun({ ...NO_CAPTURE, customRunId: 'job' })
    run.close()
    run = project.runs.resume(run.id, NO_CAPTURE)
    run.close()
    const events = project.runs.get(run.id).events.list()
    expect(types(events)).toEqual(['started', 'closed', 'resumed', 'closed', 'resumed', 'closed'])
    expect(events[2]!.payload).toEqual({ customRunId: 'job' })
  })

  it('records forked (with parent and step) instead of started for a fork', () => {
    const project = tempProject({}, 'demo')
    const parent = project.startRun(NO_CAPTURE)
    parent.log({ x: 1 }, { step: 3 })
    parent.close()
    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: parent.id, step: 3 } })
    child.close()
    const events = project.runs.get(child.id).events.list()
    expect(types(events)).toEqual(['forked', 'closed'])
    expect(events[0]!.payload).toEqual({ parent: 'DEMO-1', step: 3 })
    // the parent's own events are not inherited
    expect(types(project.runs.get(parent.id).events.list())).toEqual(['started', 'closed'])
  })

  it('records failed (with the message) when the run is marked failed', () => {
    const project = tempProject()
    const run = project.startRun(NO_CAPTURE)
    run.fail(new Error('diverged'))
    run.fail('second failure')
    run.close()
    const events = project.runs.get(run.id).events.list()
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      ['started', null],
      ['failed', { error: 'diverged' }],
      ['failed', { error: 'second failure' }],
      ['closed', null],
    ])
  })

  it('deletes no event and rewrites none when the run is written again (append-only)', () => {
    const project = tempProject()
    const run = project.startRun(NO_CAPTURE)
    run.events.append('one', { v: 1 })
    const first = run.events.list()
    run.log({ x: 1 })
    run.assign('parameters/lr', 0.1)
    run.flush()
    run.events.append('two', { v: 2 })
    expect(run.events.list().slice(0, first.length)).toEqual(first)
    run.close()
  })
})
