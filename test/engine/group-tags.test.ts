/**
 * sys/group_tags, Neptune's second tag set: run.groupTags works like run.tags, startRun({ groupTags })
 * and importRun set it, forks inherit it, queries and columns see it (also in a project where no run
 * added one yet), and it stays writable while the rest of sys/ is not.
 */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { InvalidPathError } from '../../src/index.js'
import { tempProject, thrown } from '../helpers/project.js'

describe('sys/group_tags', () => {
  it('run.groupTags adds, removes and fetches like run.tags; startRun and importRun set it', () => {
    const project = tempProject()
    const run = project.startRun({ tags: ['t'], groupTags: ['ablation', 'seed-1'] })
    run.groupTags.add(['lr-sweep'])
    run.groupTags.remove('seed-1')
    expect(run.groupTags.fetch()).toEqual(['ablation', 'lr-sweep'])
    expect(run.tags.fetch()).toEqual(['t'])
    expect(run.field('sys/group_tags').type()).toBe('StringSet')
    run.field('sys/group_tags').assign(['only'])
    run.log({ 'm/x': 1 }, { step: 1 })
    run.close()
    expect(project.runs.get(run.id).field('sys/group_tags').fetch()).toEqual(['only'])
    const { run: imported } = project.importRun({ uuid: randomUUID(), sys: { groupTags: ['g'] } })
    expect(imported.groupTags.fetch()).toEqual(['g'])
    imported.close()
    const fork = project.startRun({ forkFrom: { run: run.id, step: 1 } })
    expect(fork.groupTags.fetch()).toEqual(['only'])
    fork.close()
    const table = project.fetchRunsTable({
      query: '`sys/group_tags`:stringSet CONTAINS "only"',
      columns: ['sys/group_tags'],
      sortBy: 'sys/id',
      ascending: true,
    })
    expect(table.rows).toEqual([
      [run.id, ['only']],
      [fork.id, ['only']],
    ])
    expect(table.columns[1]!.type).toBe('StringSet')
  })

  it('is a column and a short-form query field before any run added one; other sys/ paths stay closed', () => {
    const project = tempProject()
    const run = project.startRun()
    expect(project.fetchRunsTable({ query: 'sys/group_tags CONTAINS "x"' }).rows).toEqual([])
    expect(project.fetchRunsTable({ columns: ['sys/group_tags'] }).rows).toEqual([[run.id, []]])
    expect(thrown(() => run.assign('sys/group', 'x'))).toBeInstanceOf(InvalidPathError)
    expect(thrown(() => run.assign('sys/owner', 'x')).hint).toContain('sys/group_tags')
    run.close()
  })
})
