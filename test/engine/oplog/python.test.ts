/** The standard-library-only Python program of docs/oplog.md logs a run that merges as the API types it. */
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openProject } from '../../../src/index.js'
import { tempDir, tempProjectDir } from '../../helpers/tmp.js'

const hasPython = spawnSync('python3', ['--version']).status === 0
if (!hasPython)
  console.warn('python.test.ts: python3 is missing on this machine, so the docs/oplog.md example is not run')

describe.skipIf(!hasPython)('docs/oplog.md Python example', () => {
  it('logs parameters, a float series and a file', async () => {
    const doc = readFileSync(new URL('../../../docs/oplog.md', import.meta.url), 'utf8')
    const code = /```python\n([\s\S]*?)```/.exec(doc)![1]!
    const dir = tempProjectDir()
    const script = join(tempDir(), 'log.py')
    writeFileSync(script, code.replace('"/lustre/team/proj"', JSON.stringify(dir)))
    const result = spawnSync('python3', [script], { encoding: 'utf8' })
    expect(result.status, result.stderr).toBe(0)
    const project = openProject(dir, { mode: 'db' })
    const report = await project.merge()
    expect(report.skipped).toEqual([])
    expect(report.archived.length).toBe(1) // its `end` line: the file moves to inbox/merged/
    const run = project.runs.get('PROJ-1')
    expect(run.field('sys/name').fetch()).toBe('from-python')
    expect(run.field('parameters/lr').fetch()).toBe(0.01)
    expect(run.field('parameters/epochs').fetch()).toBe(10n)
    expect(
      Array.from((run.field('train/loss').fetchValues() as { values: ArrayLike<number> }).values),
    ).toEqual(Array.from({ length: 10 }, (_, s) => 1 / (s + 1)))
    expect(run.field('config').fetch()).toMatchObject({ name: 'config.yaml', size: 9 })
    project.close()
  })
})
