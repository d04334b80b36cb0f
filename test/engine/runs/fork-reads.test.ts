/**
 * A fork's history is fixed at fork time (issue 15, "Forks read their parent live"): what the parent does
 * after the fork — resuming and appending at or below the fork step, deleting a series — does not change
 * what the fork reads; the runs table's summaries agree with fetchValues; deleting an inherited series in
 * the fork and appending does not bring inherited points back; a series forks read through cannot be
 * deleted (SERIES_READ_BY_FORK) until they delete theirs. Forks made by an older format are fixed by the
 * migration as they read when it runs.
 */
import BetterSqlite3 from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROJECT_DB, ReadOnlyError, type Project, type SeriesPoints } from '../../../src/index.js'
import { reopen, tempProject, thrown } from '../../helpers/project.js'

const steps = (project: Project, id: string, path: string): number[] => [
  ...(project.runs.get(id).field(path).fetchValues() as SeriesPoints).steps,
]

/** The runs table's count and last of `path` for run `id`, and what fetchValues gives. */
function agreement(project: Project, id: string, path: string) {
  const table = project.fetchRunsTable({ query: `sys/id = "${id}"`, columns: [`${path}:count`, path] })
  const [, count, last] = table.rows[0]!
  const points = project.runs.get(id).field(path).fetchValues() as SeriesPoints
  return { table: { count, last }, read: { count: points.steps.length, last: points.values.at(-1) ?? null } }
}

/** Parent P: 'a' over steps 0..9, 'b' over 0..2 (shorter than the fork step), 'lines' 0..9; fork C at 5. */
function forked(project: Project): { parent: string; child: string } {
  const parent = project.startRun({ customRunId: 'parent' })
  for (let step = 0; step <= 9; step++) {
    parent.log({ 'm/a': step, lines: `p${step}` }, { step })
    if (step <= 2) parent.log({ 'm/b': step * 10 }, { step })
  }
  parent.close()
  const child = project.startRun({ forkFrom: { run: parent.id, step: 5 } })
  child.log({ 'm/a': 100, 'm/b': 200 }, { step: 6 })
  child.close()
  return { parent: parent.id, child: child.id }
}

describe('a fork reads its parent as it was at fork time', () => {
  it('a point the parent appends later at a step <= the fork step does not show in the fork', () => {
    const project = tempProject()
    const { parent, child } = forked(project)
    const resumed = project.runs.resume(parent)
    resumed.log({ 'm/b': 30 }, { step: 3 })
    resumed.log({ 'm/b': 40, 'm/a': 10 }, { step: 4 })
    resumed.field('lines').append('late', { step: 10 })
    resumed.close()
    expect(steps(project, parent, 'm/b')).toEqual([0, 1, 2, 3, 4])
    expect(steps(project, child, 'm/b')).toEqual([0, 1, 2, 6])
    expect(steps(project, child, 'm/a')).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(project.runs.get(child).field('lines').fetchValues()).toMatchObject({
      values: ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'],
    })
    const b = agreement(project, child, 'm/b')
    expect(b.table).toEqual(b.read)
    expect(b.read).toEqual({ count: 4, last: 200 })
  })

  it('deleting a series forks read through is refused with SERIES_READ_BY_FORK; the fork and its summary are unchanged', () => {
    const project = tempProject()
    const { parent, child } = forked(project)
    const resumed = project.runs.resume(parent)
    for (const path of ['m/a', 'm', 'lines']) {
      const error = thrown(() => resumed.delete(path))
      expect(error).toBeInstanceOf(ReadOnlyError)
      expect(error.code).toBe('SERIES_READ_BY_FORK')
      expect(error.message).toContain(child)
      expect(error.hint).toContain(`Delete '`)
    }
    resumed.assign('parameters/lr', 0.1)
    resumed.delete('parameters') // a series no fork reads, or an atom, is deleted as before
    expect(resumed.exists('parameters')).toBe(false)
    resumed.close()
    expect(steps(project, parent, 'm/a')).toHaveLength(10)
    expect(steps(project, child, 'm/a')).toEqual([0, 1, 2, 3, 4, 5, 6])
    const a = agreement(project, child, 'm/a')
    expect(a.table).toEqual(a.read)
  })

  it('deleting an inherited series in the fork and appending does not bring the inherited points back', () => {
    const project = tempProject()
    const { parent, child } = forked(project)
    const fork = project.runs.resume(child)
    fork.delete('m/a')
    fork.log({ 'm/a': 7 }, { step: 7 })
    fork.close()
    expect(steps(project, child, 'm/a')).toEqual([7])
    const a = agreement(project, child, 'm/a')
    expect(a.table).toEqual(a.read)
    expect(a.read).toEqual({ count: 1, last: 7 })
    // the fork no longer reads the parent's m/a: the parent may delete it now (m/b is still read)
    const resumed = project.runs.resume(parent)
    resumed.delete('m/a')
    expect(thrown(() => resumed.delete('m/b')).code).toBe('SERIES_READ_BY_FORK')
    resumed.close()
    expect(steps(project, child, 'm/a')).toEqual([7])
  })

  it('a fork of a fork is fixed too, and names every fork that reads a series', () => {
    const project = tempProject()
    const { parent, child } = forked(project)
    const grandchild = project.startRun({ forkFrom: { run: child, step: 6 } })
    grandchild.log({ 'm/a': 1000 }, { step: 8 })
    grandchild.close()
    expect(steps(project, grandchild.id, 'm/a')).toEqual([0, 1, 2, 3, 4, 5, 6, 8])
    const resumedChild = project.runs.resume(child)
    resumedChild.log({ 'm/a': 101 }, { step: 7 }) // after the grandchild's fork step: not in the grandchild
    const error = thrown(() => resumedChild.delete('m/a'))
    expect(error.code).toBe('SERIES_READ_BY_FORK')
    expect(error.message).toContain(grandchild.id)
    resumedChild.close()
    const resumed = project.runs.resume(parent)
    const rootError = thrown(() => resumed.delete('m/a'))
    expect(rootError.message).toContain(`forks ${child}, ${grandchild.id}`)
    resumed.close()
    expect(steps(project, grandchild.id, 'm/a')).toEqual([0, 1, 2, 3, 4, 5, 6, 8])
    expect(steps(project, child, 'm/a')).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    const a = agreement(project, grandchild.id, 'm/a')
    expect(a.table).toEqual(a.read)
  })
})

describe('forks of an older format', () => {
  it('are fixed by the migration as they read when it runs', () => {
    const project = tempProject()
    const { parent, child } = forked(project)
    const dir = project.dir
    project.close()
    // make the file as the format before fork_reads left it
    const raw = new BetterSqlite3(join(dir, PROJECT_DB))
    raw.exec(`DROP TABLE fork_reads; DELETE FROM nereid_migrations WHERE tag LIKE '%fork_reads';
      UPDATE meta SET value = '3' WHERE key = 'format_version'`)
    raw.close()
    const again = reopen(dir)
    expect(steps(again, child, 'm/b')).toEqual([0, 1, 2, 6])
    const resumed = again.runs.resume(parent)
    resumed.log({ 'm/b': 30 }, { step: 3 })
    expect(thrown(() => resumed.delete('m/b')).code).toBe('SERIES_READ_BY_FORK')
    resumed.close()
    expect(steps(again, child, 'm/b')).toEqual([0, 1, 2, 6])
    expect(steps(again, child, 'm/a')).toEqual([0, 1, 2, 3, 4, 5, 6])
  })
})
