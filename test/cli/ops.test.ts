/** `nereid ops PROJECT`: the recorded operations as a table and as JSON. */
import { describe, expect, it } from 'vitest'
import { openProject, type OperationSummary } from '../../src/index.js'
import { cli, demoWorkspace, json } from './cli.js'

describe('nereid ops', () => {
  it('lists gc and verify operations with status and progress, in a table and as JSON', async () => {
    const { dir } = demoWorkspace()
    const project = openProject(dir, { onWarning: () => {} })
    await project.verify()
    project.close()
    expect(cli(['gc', '--project', dir, '--dry-run']).code).toBe(0)
    const ops = json<OperationSummary[]>(cli(['ops', dir, '--json']))
    expect(ops.map((o) => [o.id, o.kind, o.status])).toEqual([
      [1, 'verify', 'finished'],
      [2, 'gc', 'finished'],
    ])
    const table = cli(['ops', dir])
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/1\s+│?\s*verify\s+│?\s*finished/)
    expect(table.stdout).toMatch(/2\s+│?\s*gc\s+│?\s*finished/)
  })

  it('names a missing project argument', () => {
    const result = cli(['ops', '/nonexistent/nope'])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain('PROJECT /nonexistent/nope')
  })
})
