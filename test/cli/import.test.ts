/** `nereid import SRC INTO` and `nereid verify` as recorded operations, through the built CLI. */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openProject, type ImportReport, type OperationSummary } from '../../src/index.js'
import { tempDir } from '../helpers/tmp.js'
import { cli, demoWorkspace, json } from './cli.js'

describe('nereid import', () => {
  it('merges an exported archive into a new project; a second import changes nothing', () => {
    const { dir } = demoWorkspace()
    const tar = join(tempDir(), 'demo.tar')
    expect(cli(['export', dir, tar, '--tar']).code).toBe(0)
    const into = join(tempDir(), 'copy')
    const first = json<ImportReport>(cli(['import', tar, into, '--json']))
    expect(first.added.length).toBeGreaterThan(0)
    const again = cli(['import', tar, into])
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/^imported .*: 0 added, \d+ merged; 0 points, 0 new objects\n$/)
    expect(again.stderr).toMatch(/\[\d+\/\d+ items\]/) // plain progress lines off a terminal
    const source = openProject(dir, { readonly: true })
    const copy = openProject(into, { readonly: true })
    try {
      expect(copy.runs.list()).toEqual(source.runs.list())
      expect(copy.operations.list().map((o) => [o.kind, o.status])).toEqual([
        ['import', 'finished'],
        ['import', 'finished'],
      ])
    } finally {
      source.close()
      copy.close()
    }
  })

  it('refuses a bad --on-conflict and a source that is not a project, with its code', () => {
    const into = join(tempDir(), 'p')
    const bad = cli(['import', tempDir(), into, '--on-conflict', 'merge'])
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toContain('--on-conflict')
    const notProject = cli(['import', tempDir(), into])
    expect(notProject.code).not.toBe(0)
    expect(notProject.stderr).toContain('NOT_A_PROJECT')
  })
})

describe('nereid verify', () => {
  it('is recorded as an operation of the project', () => {
    const { dir } = demoWorkspace()
    expect(cli(['verify', '--project', dir]).code).toBe(0)
    const ops = json<OperationSummary[]>(cli(['ops', dir, '--json']))
    expect(ops.map((o) => [o.kind, o.status])).toEqual([['verify', 'finished']])
  })
})
