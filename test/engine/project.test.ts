/** Projects: opening and creating, starting and resuming runs, listing and finding them, read-only opens. */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  InvalidValueError,
  NotFoundError,
  openProject,
  PROJECT_DB,
  ReadOnlyError,
  type SeriesPoints,
} from '../../src/index.js'
import { reopen, tempProject, thrown, track } from '../helpers/project.js'
import { tempProjectDir } from '../helpers/tmp.js'

describe('openProject', () => {
  it('creates the directory and project.db when missing, and names the project after the directory', () => {
    const dir = tempProjectDir('my-demo')
    expect(existsSync(dir)).toBe(false)
    const project = track(openProject(dir))
    expect(existsSync(join(dir, PROJECT_DB))).toBe(true)
    expect(project.dir).toBe(dir)
    expect(project.name).toBe('my-demo')
    expect(project.key).toBe('MYDEMO')
    expect(project.startRun().id).toBe('MYDEMO-1')
    project.close()
  })

  it('derives a key from awkward directory names and takes the key option for a new project', () => {
    expect(tempProject({}, '42-runs').key).toBe('RUNS')
    expect(tempProject({}, '___').key).toBe('RUN')
    expect(tempProject({}, 'averyveryverylongname').key).toBe('AVERYVERYV')
    expect(tempProject({ key: 'EXP' }).startRun().id).toBe('EXP-1')
  })

  it('keeps the key of an existing project over a later key option', () => {
    const project = tempProject({ key: 'FIRST' })
    project.close()
    const again = reopen(project.dir, { key: 'OTHER' })
    expect(again.key).toBe('FIRST')
    expect(again.startRun().id).toBe('FIRST-1')
  })
})

describe('startRun', () => {
  it('numbers runs PROJ-1, PROJ-2, … with distinct uuids, also across reopen', () => {
    const project = tempProject()
    const a = project.startRun()
    const b = project.startRun()
    expect([a.id, b.id]).toEqual(['PROJ-1', 'PROJ-2'])
    expect(a.uuid).not.toBe(b.uuid)
    project.close()
    const c = reopen(project.dir).startRun()
    expect(c.id).toBe('PROJ-3')
    expect(new Set([a.uuid, b.uuid, c.uuid]).size).toBe(3)
  })

  it('writes sys/name, sys/description, sys/tags, sys/custom_run_id, sys/state and sys/creation_time', () => {
    const before = Date.now()
    const run = tempProject().startRun({
      name: 'baseline',
      description: 'first try',
      tags: ['mlp', 'small'],
      customRunId: 'job-42',
    })
    expect(run.customRunId).toBe('job-42')
    expect(run.fetch('sys')).toMatchObject({
      id: run.id,
      uuid: run.uuid,
      name: 'baseline',
      description: 'first try',
      tags: ['mlp', 'small'],
      custom_run_id: 'job-42',
      state: 'running',
    })
    const created = run.field('sys/creation_time').fetch() as Date
    expect(created.getTime()).toBeGreaterThanOrEqual(before)
    run.close()
  })

  it("defaults the name to 'Untitled', the description to '' and the tags to an empty set", () => {
    const run = tempProject().startRun()
    expect(run.fetch('sys')).toMatchObject({ name: 'Untitled', description: '', tags: [] })
    expect(run.customRunId).toBeNull()
    run.close()
  })

  it('resumes the run with the same customRunId: same id and uuid, fields kept, tags added, name updated', () => {
    const project = tempProject()
    const first = project.startRun({ name: 'one', tags: ['a'], customRunId: 'job-7' })
    first.log({ loss: 1 })
    first.close()
    const second = project.startRun({ name: 'two', tags: ['b'], customRunId: 'job-7' })
    expect(second.id).toBe(first.id)
    expect(second.uuid).toBe(first.uuid)
    expect(second.field('sys/name').fetch()).toBe('two')
    expect(second.tags.fetch()).toEqual(['a', 'b'])
    expect(second.field('sys/state').fetch()).toBe('running')
    second.log({ loss: 2 })
    expect([...(second.field('loss').fetchValues() as SeriesPoints).values]).toEqual([1, 2])
    expect(project.runs.list()).toHaveLength(1)
    const other = project.startRun({ customRunId: 'job-8' })
    expect(other.id).not.toBe(first.id)
    second.close()
    other.close()
  })

  it('refuses an invalid customRunId', () => {
    const project = tempProject()
    for (const customRunId of ['', 'a/b', 'x\ny', 'x'.repeat(129), 5]) {
      const error = thrown(() => project.startRun({ customRunId: customRunId as string }))
      expect(error).toBeInstanceOf(InvalidValueError)
      expect(error.code).toBe('INVALID_CUSTOM_RUN_ID')
    }
    expect(project.runs.list()).toEqual([])
  })
})

describe('project.runs', () => {
  it('lists runs oldest first with id, uuid, custom id, name, state and tags', () => {
    const project = tempProject()
    const a = project.startRun({ name: 'a', tags: ['x'] })
    const b = project.startRun({ name: 'b', customRunId: 'cb' })
    a.close()
    const list = project.runs.list()
    expect(list).toMatchObject([
      { id: a.id, uuid: a.uuid, customRunId: null, name: 'a', state: 'idle', tags: ['x'] },
      { id: b.id, uuid: b.uuid, customRunId: 'cb', name: 'b', state: 'running', tags: [] },
    ])
    expect(list[0]!.creationTime).toBeInstanceOf(Date)
    b.close()
  })

  it('gets a read-only view of a run by id, which reads but cannot write', () => {
    const project = tempProject()
    const run = project.startRun({ name: 'viewed' })
    run.assign('parameters', { lr: 0.1 })
    run.log({ loss: 0.5 }, { step: 3 })
    run.close()
    const view = project.runs.get(run.id)
    expect(view.id).toBe(run.id)
    expect(view.uuid).toBe(run.uuid)
    expect(view.fetch('parameters')).toEqual({ lr: 0.1 })
    expect(view.field('loss').fetchLast()).toBe(0.5)
    expect(view.exists('loss')).toBe(true)
    expect(view.structure()).toMatchObject({ parameters: { lr: 'Float' }, loss: 'FloatSeries' })
    // a view's field handle has no write method at all (test/engine/readonly-project.test.ts walks them all)
    expect('append' in view.field('loss')).toBe(false)
    expect('assign' in view).toBe(false)
  })

  it('throws NotFoundError with a "Did you mean" hint for an unknown id', () => {
    const project = tempProject()
    project.startRun().close()
    const error = thrown(() => project.runs.get('PROJ-11'))
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error.code).toBe('RUN_NOT_FOUND')
    expect(error.hint).toBe("Did you mean 'PROJ-1'?")
    expect(thrown(() => project.runs.get('nothing-like-it')).hint).toMatch(/runs\.list\(\)/)
  })
})

describe('close and read-only', () => {
  it('close() flushes and closes every open run, marking it idle', () => {
    const project = tempProject({ flushMs: 2 ** 31 - 1 })
    const run = project.startRun()
    run.log({ loss: 1 })
    run.assign('p', 'unflushed')
    project.close()
    expect(thrown(() => run.log({ loss: 2 }))).toBeInstanceOf(ReadOnlyError)
    const view = reopen(project.dir).runs.get(run.id)
    expect(view.field('loss').fetchLast()).toBe(1)
    expect(view.field('p').fetch()).toBe('unflushed')
    expect(view.field('sys/state').fetch()).toBe('idle')
  })

  it('after close(), reads through a kept view throw ReadOnlyError PROJECT_CLOSED', () => {
    const project = tempProject()
    const run = project.startRun()
    run.log({ loss: 1 })
    const view = project.runs.get(run.id)
    project.close()
    const error = thrown(() => view.field('loss').fetchLast())
    expect(error).toBeInstanceOf(ReadOnlyError)
    expect(error.code).toBe('PROJECT_CLOSED')
    expect(thrown(() => project.runs.list()).code).toBe('PROJECT_CLOSED')
    expect(thrown(() => project.startRun()).code).toBe('PROJECT_CLOSED')
    expect(thrown(() => run.log({ loss: 2 })).code).toBe('RUN_CLOSED')
  })

  it('a read-only project reads runs but cannot start any', () => {
    const project = tempProject()
    const run = project.startRun({ name: 'r' })
    run.log({ loss: 1 })
    project.close()
    const ro = openProject(project.dir, { readonly: true })
    try {
      expect(ro.runs.list()).toMatchObject([{ id: run.id, name: 'r' }])
      expect(ro.runs.get(run.id).field('loss').fetchLast()).toBe(1)
      expect('startRun' in ro).toBe(false)
      expect('resume' in ro.runs).toBe(false)
    } finally {
      ro.close()
    }
  })

  it('a read-only open reads a project without changing a byte of project.db', () => {
    const project = tempProject()
    const run = project.startRun({ name: 'r' })
    run.log({ loss: 1 })
    project.close()
    const file = join(project.dir, PROJECT_DB)
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex')
    const ro = openProject(project.dir, { readonly: true })
    try {
      expect(ro.runs.get(run.id).structure()).toMatchObject({ loss: 'FloatSeries' })
      expect(ro.stats().runs).toBe(1)
    } finally {
      ro.close()
    }
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(hash)
  })

  it('a read-only open sees what a writer in the same process flushes', () => {
    const project = tempProject()
    const run = project.startRun()
    run.log({ loss: 1 })
    run.flush()
    const ro = openProject(project.dir, { readonly: true })
    try {
      expect(ro.runs.get(run.id).field('loss').fetchLast()).toBe(1)
      run.log({ loss: 2 })
      run.flush()
      expect(ro.runs.get(run.id).field('loss').fetchLast()).toBe(2)
      expect(ro.runs.list()).toMatchObject([{ id: run.id, state: 'running' }])
    } finally {
      ro.close()
    }
    run.close()
  })

  it('stats() counts runs by state, fields and series points', () => {
    const project = tempProject()
    const a = project.startRun()
    a.field('x').extend([1, 2, 3])
    a.field('notes').append('n')
    a.close()
    project.startRun()
    const stats = project.stats()
    expect(stats.runs).toBe(2)
    expect(stats.runsByState).toMatchObject({ idle: 1, running: 1 })
    expect(stats.seriesPoints).toBeGreaterThanOrEqual(4)
    expect(stats.fields).toBeGreaterThan(2)
    expect(stats.dbBytes).toBeGreaterThan(0)
  })
})
