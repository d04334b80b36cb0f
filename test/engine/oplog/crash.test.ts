/**
 * A writer killed with SIGKILL while it writes: every line it completed is merged, a torn last line is
 * not (and stays out on later merges), and no point is applied twice.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { openProject } from '../../../src/index.js'
import { runFixture } from '../../helpers/child.js'
import { tempProjectDir } from '../../helpers/tmp.js'

describe('a writer killed mid-line', () => {
  it('merges its complete lines and leaves the torn one', async () => {
    const dir = tempProjectDir()
    const child = runFixture('oplog-kill-writer', [dir])
    const file = (await child.line('file ')).slice('file '.length)
    await child.line('flushed 5')
    child.process.kill('SIGKILL')
    expect((await child.ended).signal).toBe('SIGKILL')

    const bytes = readFileSync(file)
    const complete = bytes
      .subarray(0, bytes.lastIndexOf(10) + 1)
      .toString('utf8')
      .trimEnd()
      .split('\n')
    const batches = complete
      .filter((l) => l.includes('"op":"floats"'))
      .map((l) => JSON.parse(l) as { steps: number[] })
    const expected = batches.reduce((n, b) => n + b.steps.length, 0)
    expect(batches.length).toBeGreaterThanOrEqual(6)

    const project = openProject(dir, { mode: 'db' })
    const report = await project.merge()
    expect(report.skipped).toEqual([])
    expect(report.pendingBytes).toBe(bytes.length - (bytes.lastIndexOf(10) + 1)) // the torn line, if the kill tore one
    const x = () =>
      project.runs.get('PROJ-1').field('x').fetchValues() as {
        steps: ArrayLike<number>
        values: ArrayLike<number>
      }
    expect(x().values.length).toBe(expected)
    expect(Array.from(x().steps)).toEqual(Array.from({ length: expected }, (_, i) => i))
    expect(x().values[expected - 1]).toBe(0.1 + expected - 1)
    const again = await project.merge()
    expect(again.lines).toBe(0)
    expect(x().values.length).toBe(expected)
    project.close()
  }, 120_000)
})
