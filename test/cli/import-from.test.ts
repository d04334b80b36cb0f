import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/tmp.js'
import { writeRunDir } from '../fixtures/ingest/ultralytics-run.js'
import { writeV3Dump } from '../fixtures/ingest/neptune-dump.js'
import { cli } from './cli.js'

describe('nereid import-from', () => {
  it('imports a neptune dump with plain progress lines, then finds it unchanged', () => {
    const root = tempDir()
    const dump = writeV3Dump(root)
    const project = join(root, 'moved')
    const first = cli([
      'import-from',
      'neptune',
      dump.dataDir,
      '--files',
      dump.filesDir,
      '--project',
      project,
    ])
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/imported 2 runs \(\d+ points\), 0 unchanged, 0 skipped/)
    expect(first.stderr).toMatch(/\[1\/2 runs\]/)
    const again = cli([
      'import-from',
      'neptune',
      dump.dataDir,
      '--files',
      dump.filesDir,
      '--project',
      project,
      '--json',
    ])
    expect(JSON.parse(again.stdout)).toMatchObject({
      created: [],
      unchanged: [expect.any(String), expect.any(String)],
    })
  })

  it('reports a malformed CSV row by file and line; an unknown kind is a USAGE error', () => {
    const root = tempDir()
    const dir = writeRunDir(root, { rows: 1, extraLines: ['x,y'] })
    const result = cli(['import-from', 'ultralytics', dir, '--project', join(root, 'p')])
    expect(result.stdout).toContain(`skipped  ${join(dir, 'results.csv')}:3`)
    const bad = cli(['import-from', 'wandb', dir, '--project', join(root, 'p')])
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toMatch(/USAGE/)
  })
})
