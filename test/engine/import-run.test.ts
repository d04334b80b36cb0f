import { describe, expect, it } from 'vitest'
import { tempProject, thrown } from '../helpers/project.js'

const UUID = '0b7c1a2e-3f4d-8a5b-9c6d-7e8f90a1b2c3'

describe('project.importRun', () => {
  it('creates a run with the sys fields startRun refuses, and finds it again by uuid', () => {
    const project = tempProject()
    const first = project.importRun({
      uuid: UUID,
      sys: {
        name: 'old',
        creationTime: new Date(1000),
        owner: 'ada',
        customRunId: 'job-1',
        runningTime: 5,
        failed: true,
        tags: ['x'],
      },
      experiment: 'e',
    })
    expect(first.created).toBe(true)
    first.run.close()
    const [summary] = project.runs.list()
    expect(summary).toMatchObject({
      uuid: UUID,
      customRunId: 'job-1',
      name: 'old',
      failed: true,
      tags: ['x'],
      state: 'idle',
    })
    expect(summary!.creationTime.getTime()).toBe(1000)
    const view = project.runs.get(summary!.id)
    expect(view.field('sys/owner').fetch()).toBe('ada')
    expect(view.field('sys/running_time').fetch()).toBe(5)
    const again = project.importRun({ uuid: UUID, sys: { name: 'changed' } })
    expect(again.created).toBe(false)
    expect(again.run.id).toBe(summary!.id)
    again.run.close()
    expect(project.runs.get(summary!.id).field('sys/name').fetch()).toBe('old')
  })

  it('replace deletes the run and its fields first; bad uuids, taken custom ids and missing parents are typed errors', () => {
    const project = tempProject()
    const a = project.importRun({ uuid: UUID, sys: { customRunId: 'job-1' } }).run
    a.log({ loss: 1 }, { step: 0 })
    a.close()
    const replaced = project.importRun({ uuid: UUID, replace: true })
    expect(replaced.created).toBe(true)
    expect(replaced.run.field('loss').exists()).toBe(false)
    replaced.run.close()
    expect(thrown(() => project.importRun({ uuid: 'nope' })).code).toBe('INVALID_UUID')
    project.importRun({ uuid: UUID.replace('0b7c', '1b7c'), sys: { customRunId: 'job-2' } }).run.close()
    expect(
      thrown(() => project.importRun({ uuid: UUID.replace('0b7c', '2b7c'), sys: { customRunId: 'job-2' } }))
        .code,
    ).toBe('CUSTOM_RUN_ID_TAKEN')
    expect(
      thrown(() =>
        project.importRun({
          uuid: UUID.replace('0b7c', '3b7c'),
          forkFrom: { uuid: UUID.replace('0b7c', '9b7c'), step: 1 },
        }),
      ).code,
    ).toBe('FORK_PARENT_NOT_FOUND')
  })

  it("keeps the source's sys/id when it is free; KEY-n takes number n; a taken or bad id is refused", () => {
    const project = tempProject({}, 'DEMO')
    const uuid = (n: number) => `0b7c1a2e-3f4d-8a5b-9c6d-7e8f90a1b2${String(n).padStart(2, '0')}`
    const native = project.startRun()
    expect(native.id).toBe('DEMO-1')
    const foreign = project.importRun({ uuid: uuid(1), sys: { id: 'SAN-12' } }).run
    expect(foreign.id).toBe('SAN-12')
    expect(foreign.fetch('sys/id')).toBe('SAN-12')
    const own = project.importRun({ uuid: uuid(2), sys: { id: 'DEMO-7' } }).run
    expect(own.id).toBe('DEMO-7')
    expect(project.startRun().id).toBe('DEMO-8') // numbered after the imported DEMO-7
    for (const [id, code] of [
      ['SAN-12', 'SYS_ID_TAKEN'],
      ['DEMO-1', 'SYS_ID_TAKEN'],
      ['a/b', 'INVALID_SYS_ID'],
      ['', 'INVALID_SYS_ID'],
    ] as const) {
      expect(thrown(() => project.importRun({ uuid: uuid(9), sys: { id } })).code).toBe(code)
    }
    expect(project.runs.list().map((r) => r.id)).toEqual(['DEMO-1', 'SAN-12', 'DEMO-7', 'DEMO-8'])
    expect(project.runs.get('SAN-12').id).toBe('SAN-12')
    // the public assign keeps refusing sys/ fields the import path sets
    expect(thrown(() => foreign.assign('sys/owner', 'x')).code).toBe('INVALID_PATH')
  })
})
