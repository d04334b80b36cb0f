/** `nereid import SRC INTO` and `nereid verify` as recorded operations, through the built CLI. */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openProject, type ImportReport, type OperationSummary } from '../../src/index.js'
import { tempDir } from '../helpers/tmp.js'
import { cli, demoWorkspace, json, MAIN } from './cli.js'

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

describe('nereid import, Ctrl-C', () => {
  it('SIGINT while objects are staged: exit 130, the operation is cancelled, nothing written', async () => {
    const src = join(tempDir(), 'many')
    const source = openProject(src, { onWarning: () => {} })
    const run = source.startRun({ name: 'files' })
    for (let i = 0; i < 1500; i++) await run.field(`f/${i}`).upload(Buffer.from(`object ${i}`))
    run.close()
    source.close()
    const into = join(tempDir(), 'into')
    const child = spawn(process.execPath, [MAIN, 'import', src, into], {
      env: { ...process.env, NO_COLOR: '1' },
    })
    let stderr = ''
    const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    await new Promise<void>((resolve) =>
      child.stderr.on('data', (piece: Buffer) => {
        stderr += piece.toString()
        if (/\[\d+\/\d+ items\]/.test(stderr)) resolve()
      }),
    )
    child.kill('SIGINT')
    expect(await ended).toBe(130)
    const target = openProject(into, { readonly: true })
    try {
      expect(target.runs.list()).toEqual([])
      expect(target.operations.list().map((o) => [o.kind, o.status])).toEqual([['import', 'cancelled']])
    } finally {
      target.close()
    }
    expect(existsSync(join(into, 'objects', 'sha256'))).toBe(false)
  }, 120_000)
})
