/**
 * The sys namespace (issue 3): every field Nereid keeps, with its type and value after startRun and after
 * close, and the rule that users write only sys/name, sys/description and sys/tags.
 */
import { hostname, userInfo } from 'node:os'
import { describe, expect, it } from 'vitest'
import { InvalidPathError, type Run } from '../../../src/index.js'
import { reopen, tempProject, thrown } from '../../helpers/project.js'
import { NO_CAPTURE } from './helpers.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

function typeOf(run: Pick<Run, 'field'>, path: string): string | undefined {
  return run.field(path).type()
}

describe('sys fields of a new run', () => {
  it('has every field of the issue with its type and value after startRun', () => {
    const project = tempProject({}, 'demo')
    const before = Date.now()
    const run = project.startRun({
      ...NO_CAPTURE,
      name: 'baseline',
      description: 'first try',
      tags: ['mlp', 'small'],
      customRunId: 'job-42',
      experiment: 'exp-a',
    })
    const after = Date.now()

    const expected: Record<string, string> = {
      'sys/id': 'String',
      'sys/uuid': 'String',
      'sys/custom_run_id': 'String',
      'sys/name': 'String',
      'sys/description': 'String',
      'sys/tags': 'StringSet',
      'sys/creation_time': 'Datetime',
      'sys/modification_time': 'Datetime',
      'sys/ping_time': 'Datetime',
      'sys/running_time': 'Float',
      'sys/state': 'String',
      'sys/failed': 'Boolean',
      'sys/hostname': 'String',
      'sys/owner': 'String',
      'sys/experiment': 'String',
    }
    for (const [path, type] of Object.entries(expected))
      expect([path, typeOf(run, path)]).toEqual([path, type])

    expect(run.field('sys/id').fetch()).toBe('DEMO-1')
    expect(run.id).toBe('DEMO-1')
    expect(run.field('sys/uuid').fetch()).toBe(run.uuid)
    expect(run.uuid).toMatch(UUID)
    expect(run.field('sys/custom_run_id').fetch()).toBe('job-42')
    expect(run.field('sys/name').fetch()).toBe('baseline')
    expect(run.field('sys/description').fetch()).toBe('first try')
    expect(run.field('sys/tags').fetch()).toEqual(['mlp', 'small'])
    expect(run.field('sys/state').fetch()).toBe('running')
    expect(run.field('sys/failed').fetch()).toBe(false)
    expect(run.field('sys/hostname').fetch()).toBe(hostname())
    expect(run.field('sys/owner').fetch()).toBe(userInfo().username)
    expect(run.field('sys/experiment').fetch()).toBe('exp-a')

    const creation = run.field('sys/creation_time').fetch() as Date
    const modification = run.field('sys/modification_time').fetch() as Date
    const ping = run.field('sys/ping_time').fetch() as Date
    for (const time of [creation, modification, ping]) {
      expect(time).toBeInstanceOf(Date)
      expect(time.getTime()).toBeGreaterThanOrEqual(before)
      expect(time.getTime()).toBeLessThanOrEqual(after)
    }
    expect(modification.getTime()).toBeGreaterThanOrEqual(creation.getTime())
    const runningTime = run.field('sys/running_time').fetch() as number
    expect(typeof runningTime).toBe('number')
    expect(runningTime).toBeGreaterThanOrEqual(0)

    // a run that is not a fork has no sys/forking fields, and no size until it is closed
    expect(run.exists('sys/forking')).toBe(false)
    expect(run.exists('sys/size')).toBe(false)
    run.close()
  })

  it('uses the defaults without options: Untitled, empty description and tags, no custom id or experiment', () => {
    const project = tempProject()
    const run = project.startRun(NO_CAPTURE)
    expect(run.field('sys/name').fetch()).toBe('Untitled')
    expect(run.field('sys/description').fetch()).toBe('')
    expect(run.field('sys/tags').fetch()).toEqual([])
    expect(run.exists('sys/custom_run_id')).toBe(false)
    expect(run.exists('sys/experiment')).toBe(false)
    expect(run.customRunId).toBeNull()
    run.close()
  })

  it('numbers runs in order, with the project key as prefix', () => {
    const project = tempProject({}, 'my-demo')
    const ids = [0, 1, 2].map(() => {
      const run = project.startRun(NO_CAPTURE)
      run.close()
      return run.id
    })
    expect(ids).toEqual(['MYDEMO-1', 'MYDEMO-2', 'MYDEMO-3'])
  })
})

describe('sys fields after close', () => {
  it('turns the state idle, records sys/size > 0 as an Integer and keeps the times in order', () => {
    const project = tempProject()
    const run = project.startRun({ ...NO_CAPTURE, name: 'sized' })
    for (let step = 0; step < 100; step++) run.log({ 'train/loss': 1 / (step + 1) }, { step })
    run.field('logs/text').append('hello')
    run.close()

    const dir = project.dir
    project.close()
    const view = reopen(dir).runs.get(run.id)
    expect(view.field('sys/state').fetch()).toBe('idle')
    expect(view.field('sys/size').type()).toBe('Integer')
    const size = view.field('sys/size').fetch() as bigint
    expect(typeof size).toBe('bigint')
    expect(size).toBeGreaterThan(0n)
    // 100 float points cannot take less than their 800 bytes of values
    expect(size).toBeGreaterThan(800n)
    const creation = (view.field('sys/creation_time').fetch() as Date).getTime()
    const modification = (view.field('sys/modification_time').fetch() as Date).getTime()
    const ping = (view.field('sys/ping_time').fetch() as Date).getTime()
    expect(modification).toBeGreaterThanOrEqual(creation)
    expect(ping).toBeGreaterThanOrEqual(creation)
    expect(view.field('sys/failed').fetch()).toBe(false)
    expect(view.field('sys/running_time').fetch() as number).toBeGreaterThanOrEqual(0)
  })

  it('lists a closed run as idle, not failed, with its name and tags', () => {
    const project = tempProject()
    const run = project.startRun({ ...NO_CAPTURE, name: 'listed', tags: ['t1'] })
    expect(project.runs.list()).toMatchObject([
      { id: run.id, name: 'listed', state: 'running', failed: false, stale: false, tags: ['t1'] },
    ])
    run.close()
    expect(project.runs.list()).toMatchObject([
      { id: run.id, name: 'listed', state: 'idle', failed: false, stale: false, tags: ['t1'] },
    ])
  })

  it('gives a fork sys/forking/parent (String), step (Float) and depth (Integer)', () => {
    const project = tempProject({}, 'demo')
    const parent = project.startRun(NO_CAPTURE)
    for (let step = 0; step < 10; step++) parent.log({ 'train/loss': step }, { step })
    parent.close()
    const child = project.startRun({ ...NO_CAPTURE, forkFrom: { run: parent.id, step: 4 } })
    expect(child.field('sys/forking/parent').type()).toBe('String')
    expect(child.field('sys/forking/parent').fetch()).toBe(parent.id)
    expect(child.field('sys/forking/step').type()).toBe('Float')
    expect(child.field('sys/forking/step').fetch()).toBe(4)
    expect(child.field('sys/forking/depth').type()).toBe('Integer')
    expect(child.field('sys/forking/depth').fetch()).toBe(1n)
    // the fork has its own identity, not the parent's
    expect(child.field('sys/id').fetch()).toBe('DEMO-2')
    expect(child.field('sys/uuid').fetch()).not.toBe(parent.uuid)
    child.close()
  })
})

describe('which sys fields a user may write', () => {
  it('lets users write sys/name, sys/description and sys/tags', () => {
    const project = tempProject()
    const run = project.startRun(NO_CAPTURE)
    run.assign('sys/name', 'renamed')
    run.field('sys/description').assign('described')
    run.assign({ sys: { name: 'renamed again' } })
    run.tags.add(['a', 'b'])
    run.field('sys/tags').remove('a')
    run.close()
    const view = project.runs.get(run.id)
    expect(view.field('sys/name').fetch()).toBe('renamed again')
    expect(view.field('sys/description').fetch()).toBe('described')
    expect(view.field('sys/tags').fetch()).toEqual(['b'])
    expect(project.runs.list()[0]).toMatchObject({ name: 'renamed again', tags: ['b'] })
  })

  const kept = [
    'sys/id',
    'sys/uuid',
    'sys/custom_run_id',
    'sys/creation_time',
    'sys/modification_time',
    'sys/ping_time',
    'sys/running_time',
    'sys/state',
    'sys/failed',
    'sys/hostname',
    'sys/owner',
    'sys/size',
    'sys/experiment',
    'sys/forking/parent',
    'sys/forking/step',
    'sys/forking/depth',
    'sys/something_new',
  ]

  /** Fields Nereid itself rewrites on a flush; the rest must not change at all. */
  const selfChanging = new Set(['sys/modification_time', 'sys/ping_time', 'sys/running_time'])

  it.each(kept)('refuses every user write to %s with an InvalidPathError, and changes nothing', (path) => {
    const project = tempProject()
    const parent = project.startRun(NO_CAPTURE)
    parent.log({ 'train/loss': 1 }, { step: 0 })
    parent.close()
    const run = project.startRun({
      ...NO_CAPTURE,
      customRunId: 'kept',
      experiment: 'e',
      forkFrom: { run: parent.id, step: 0 },
    })
    const before = run.exists(path) ? run.field(path).fetch() : undefined
    // the same value back (no type conflict to hide behind), then writes of every other kind
    const attempts: (() => unknown)[] = [
      () => run.assign(path, before ?? 'x'),
      () => run.field(path).assign(before ?? 'x'),
      () => run.assign({ [path]: before ?? 'x' }),
      () => run.field(path).append(1),
      () => run.field(path).append('x'),
      () => run.field(path).add('x'),
      () => run.log({ [path]: 1 }),
      () => run.log({ [path]: 'x' }),
      () => run.delete(path),
    ]
    for (const attempt of attempts) {
      const error = thrown(attempt)
      expect(error).toBeInstanceOf(InvalidPathError)
      expect(error.code).toBe('INVALID_PATH')
      expect(error.hint).toMatch(/sys\/name, sys\/description, sys\/tags and sys\/group_tags/)
    }
    run.flush()
    const after = run.exists(path) ? run.field(path).fetch() : undefined
    if (!selfChanging.has(path)) expect(after).toEqual(before)
    run.close()
  })

  it('refuses a sys write of another type with an InvalidPathError, not a type conflict that hints at the right type', () => {
    const project = tempProject()
    const run = project.startRun({ ...NO_CAPTURE, customRunId: 'typed' })
    const attempts: [string, unknown][] = [
      ['sys/id', 1],
      ['sys/custom_run_id', 7],
      ['sys/failed', 'yes'],
      ['sys/state', 0],
      ['sys/creation_time', 'yesterday'],
      ['sys/running_time', 'long'],
    ]
    for (const [path, value] of attempts) {
      for (const write of [() => run.assign(path, value), () => run.field(path).assign(value)]) {
        const error = thrown(write)
        expect([path, error.name]).toEqual([path, 'InvalidPathError'])
      }
    }
    run.close()
  })

  it('refuses sys writes through a nested object or the sys namespace itself', () => {
    const project = tempProject()
    const run = project.startRun(NO_CAPTURE)
    expect(thrown(() => run.assign({ sys: { state: 'idle' } }))).toBeInstanceOf(InvalidPathError)
    expect(thrown(() => run.assign('sys', { failed: true }))).toBeInstanceOf(InvalidPathError)
    expect(thrown(() => run.assign({ sys: { name: 'ok', id: 'X-1' } }))).toBeInstanceOf(InvalidPathError)
    expect(thrown(() => run.delete('sys'))).toBeInstanceOf(InvalidPathError)
    // one bad path in the object writes nothing, not even the allowed sys/name
    run.flush()
    expect(run.field('sys/name').fetch()).toBe('Untitled')
    expect(run.field('sys/state').fetch()).toBe('running')
    run.close()
  })
})
