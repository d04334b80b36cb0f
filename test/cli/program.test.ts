import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openProject } from '../../src/index.js'
import { tempDir } from '../helpers/tmp.js'
import { cli, demoWorkspace, json } from './cli.js'

const { home, dir } = demoWorkspace()

describe('which project', () => {
  const ids = (result: ReturnType<typeof cli>) => json<{ 'sys/id': string }[]>(result).map((r) => r['sys/id'])

  it('takes --project DIR, $NEREID_PROJECT, or a project name in the workspace', () => {
    expect(ids(cli(['ls', '--json', '--project', dir]))).toHaveLength(3)
    expect(ids(cli(['--project', dir, 'ls', '--json']))).toHaveLength(3)
    expect(ids(cli(['ls', '--json'], { NEREID_PROJECT: dir }))).toHaveLength(3)
    expect(ids(cli(['ls', '--json', '--project', 'demo'], { NEREID_HOME: home }))).toHaveLength(3)
  })

  it('uses the only project of the workspace ($NEREID_HOME, else ./.nereid)', () => {
    expect(ids(cli(['ls', '--json'], { NEREID_HOME: home }))).toHaveLength(3)
    const cwd = tempDir('cli-cwd-')
    openProject(join(cwd, '.nereid', 'local'), { onWarning: () => {} }).close()
    expect(ids(cli(['ls', '--json'], {}, cwd))).toEqual([])
  })

  it('asks which one when the workspace holds several (exit 2)', () => {
    const many = tempDir('cli-many-')
    for (const name of ['one', 'two']) openProject(join(many, name), { onWarning: () => {} }).close()
    const result = cli(['ls'], { NEREID_HOME: many })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('holds 2 projects (one, two)')
    expect(result.stderr).toContain('hint: Choose with --project one')
  })

  it('says where it looked when there is no project (exit 1)', () => {
    const empty = tempDir('cli-empty-')
    const none = cli(['ls'], { NEREID_HOME: empty })
    expect(none.code).toBe(1)
    expect(none.stderr).toContain('error [PROJECT_NOT_FOUND]')
    const wrong = cli(['ls', '--project', join(empty, 'nope')])
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain('--project')
    mkdirSync(join(empty, 'plain-dir'))
    expect(cli(['stats'], { NEREID_PROJECT: join(empty, 'plain-dir') }).stderr).toContain('$NEREID_PROJECT')
  })
})

describe('help, version and usage errors', () => {
  it.each([
    [['--help']],
    [['ls', '--help']],
    [['show', '--help']],
    [['get', '--help']],
    [['stats', '--help']],
    [['help', 'ls']],
  ])('%j prints usage and exits 0', (args) => {
    const result = cli(args)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Usage: nereid')
  })

  it('lists the commands, environment variables and exit codes', () => {
    const { stdout } = cli(['--help'])
    for (const text of ['ls', 'show', 'get', 'stats', 'NEREID_PROJECT', 'NEREID_HOME', 'Exit codes'])
      expect(stdout).toContain(text)
  })

  it('prints the version', () => {
    const result = cli(['--version'])
    expect(result.code).toBe(0)
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('exits 2 without a command, or with an unknown one (with a suggestion)', () => {
    expect(cli([]).code).toBe(2)
    const result = cli(['lss'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Did you mean ls?')
  })

  it('exits 2 on an extra argument', () => {
    expect(cli(['stats', 'extra', '--project', dir]).code).toBe(2)
  })
})
