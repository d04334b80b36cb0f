/**
 * Runs the built `nereid` command as a real child process (build first: `npm run build`; `npm test` does it
 * in pretest), and builds the small project the CLI tests look at.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openProject } from '../../src/index.js'
import { tempDir } from '../helpers/tmp.js'

/** The built entry point. */
export const MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url))

/** What a run of the CLI printed and returned. */
export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `nereid ...args` with `env` added to a clean environment (no NEREID_* from the caller, no colour). */
export function cli(args: readonly string[], env: Record<string, string> = {}, cwd?: string): CliResult {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`)
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('NEREID_') && key !== 'FORCE_COLOR'),
  )
  const result = spawnSync(process.execPath, [MAIN, ...args], {
    encoding: 'utf8',
    env: { ...base, NO_COLOR: '1', ...env },
    cwd: cwd ?? tempDir('cli-cwd-'),
    timeout: 30_000,
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** JSON printed on stdout by a command that must have succeeded. */
export function json<T = unknown>(result: CliResult): T {
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`)
  return JSON.parse(result.stdout) as T
}

/**
 * A workspace holding project 'demo' with three runs:
 *   DEMO-1 'first' tags a,b; lr 0.01; big 2^60; acc 0.5 0.7 0.9; log 'hello'
 *   DEMO-2 'second' tag b; lr 0.1; acc 0.2 NaN
 *   DEMO-3 'third'; lr 0.5; acc 1
 */
export function demoWorkspace(): { home: string; dir: string } {
  const home = tempDir('cli-home-')
  const dir = join(home, 'demo')
  const project = openProject(dir, { key: 'DEMO', onWarning: () => {} })
  const first = project.startRun({ name: 'first', tags: ['a', 'b'] })
  first.assign('parameters', { lr: 0.01, big: 2n ** 60n, small: 7n, optimizer: 'adam' })
  first.field('metrics/acc').extend([0.5, 0.7, 0.9], { steps: [0, 1, 2], timestamps: [1000, 2000, 3000] })
  first.field('logs/text').append('hello', { step: 0, timestamp: 0 })
  first.close()
  const second = project.startRun({ name: 'second', tags: ['b'] })
  second.assign('parameters', { lr: 0.1, optimizer: 'sgd' })
  second.field('metrics/acc').extend([0.2, Number.NaN])
  second.close()
  const third = project.startRun({ name: 'third' })
  third.assign('parameters', { lr: 0.5 })
  third.field('metrics/acc').append(1)
  third.flush()
  project.close()
  return { home, dir }
}
