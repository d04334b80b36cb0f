/**
 * `nereid export-parquet` as a real child process: the summary and the plain progress lines (stderr is
 * not a TTY here), --csv, --runs and --query, --json, and each bad input with its code and exit status.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/tmp.js'
import { readParquet } from '../share/read-back.js'
import { cli, demoWorkspace, json } from './cli.js'

const out = () => join(tempDir('cli-export-'), 'out')

describe('nereid export-parquet', () => {
  it('exports every run, printing a line per run to stderr and the summary to stdout', async () => {
    const { dir } = demoWorkspace()
    const target = out()
    const result = cli(['export-parquet', dir, target, '--project-id', 'ws/demo'])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr.split('\n').filter((l) => l !== '')).toEqual([
      expect.stringMatching(/^\[1\/3 runs\] DEMO-1: \d+ rows, /),
      expect.stringMatching(/^\[2\/3 runs\] DEMO-2: \d+ rows, /),
      expect.stringMatching(/^\[3\/3 runs\] DEMO-3: \d+ rows, /),
    ])
    expect(result.stdout).toMatch(
      /^exported 3 runs, \d+ rows \(.* of Parquet\) to .*data.ws_demo-[0-9a-f]{16}\n$/,
    )
    const [data] = readdirSync(join(target, 'data'))
    const rows = await readParquet(join(target, 'data', data!, '*.parquet'))
    const acc = rows.filter((r) => r.run_id === 'DEMO-1' && r.attribute_path === 'metrics/acc')
    expect(acc.map((r) => [r.step, r.float_value, r.timestamp])).toEqual([
      ['0.000000', 0.5, 1000],
      ['1.000000', 0.7, 2000],
      ['2.000000', 0.9, 3000],
    ])
    expect(rows.find((r) => r.run_id === 'DEMO-1' && r.attribute_path === 'parameters/big')?.int_value).toBe(
      2n ** 60n,
    )
  })

  it('--csv with --runs and --query exports the chosen runs as CSV; --json prints the report', () => {
    const { dir } = demoWorkspace()
    const report = json<{ format: string; runs: { id: string; parts: string[] }[] }>(
      cli([
        'export-parquet',
        dir,
        out(),
        '--csv',
        '--runs',
        'DEMO-1',
        'DEMO-2',
        '--query',
        'sys/tags CONTAINS "a"',
        '--json',
      ]),
    )
    expect(report.format).toBe('csv')
    expect(report.runs.map((r) => r.id)).toEqual(['DEMO-1'])
    expect(report.runs[0]!.parts[0]).toMatch(/DEMO-1-[0-9a-f]{16}_part_0\.csv$/)
  })

  it('says which argument is wrong, with a hint, and writes nothing', () => {
    const { dir } = demoWorkspace()
    const missing = cli(['export-parquet', join(tempDir(), 'nope'), out()])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(
      /^error \[PROJECT_NOT_FOUND\]: PROJECT .*nope: no project.db there\nhint: /,
    )

    const full = tempDir('cli-full-')
    writeFileSync(join(full, 'x'), '')
    const notEmpty = cli(['export-parquet', dir, full])
    expect(notEmpty.code).toBe(1)
    expect(notEmpty.stderr).toMatch(
      /^error \[OUT_NOT_EMPTY\]: .* is not empty\nhint: Export into a new or empty directory/,
    )

    const target = out()
    const unknown = cli(['export-parquet', dir, target, '--runs', 'DEMO-7'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/^error \[RUN_NOT_FOUND\]: .*'DEMO-7'\nhint: Did you mean 'DEMO-1'\?/)

    const badQuery = cli(['export-parquet', dir, target, '--query', 'metrics/acc >'])
    expect(badQuery.code).toBe(2)
    expect(badQuery.stderr).toMatch(/^error \[QUERY_SYNTAX\]/)
    expect(existsSync(target)).toBe(false)

    mkdirSync(target)
    expect(cli(['export-parquet', dir, target]).code).toBe(0)
  })
})
