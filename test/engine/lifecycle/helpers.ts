/**
 * Helpers of the run-lifecycle tests (issue 3): child processes running test/fixtures/lifecycle-*.mjs
 * against the built package with an environment the test chooses, raw stdout/stderr kept byte for byte,
 * and SQL counts over project.db through a read-only better-sqlite3 connection.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll } from 'vitest'
import { PROJECT_DB, type CaptureOptions } from '../../../src/index.js'

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

/** Every kind of capture switched off, for tests where capture would only add fields and rows. */
export const NO_CAPTURE: Required<
  Pick<
    CaptureOptions,
    | 'captureHardwareMetrics'
    | 'captureStdout'
    | 'captureStderr'
    | 'captureTraceback'
    | 'captureSource'
    | 'captureEnvironment'
  >
> = {
  captureHardwareMetrics: false,
  captureStdout: false,
  captureStderr: false,
  captureTraceback: false,
  captureSource: false,
  captureEnvironment: false,
}

/** The path of test/fixtures/lifecycle-<name>.mjs. */
export function fixture(name: string): string {
  return join(ROOT, 'test', 'fixtures', `lifecycle-${name}.mjs`)
}

/** A running script with its raw output. */
export interface Script {
  process: ChildProcessWithoutNullStreams
  /** Everything printed on stdout so far, unchanged. */
  stdout(): string
  /** Everything printed on stderr so far, unchanged. */
  stderr(): string
  /** Resolves with the first complete stdout line starting with `prefix`. */
  line(prefix: string): Promise<string>
  /** Resolves when the process has ended (its streams closed). */
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

const children = new Set<ChildProcessWithoutNullStreams>()

/**
 * Runs `node <script> ...args` as a user's training script would run: with the parent's environment minus
 * every NEREID_CAPTURE* variable (the test config switches capture off for in-process tests), plus `env`.
 */
export function runScript(
  script: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Script {
  if (!existsSync(join(ROOT, 'dist', 'src', 'index.js'))) {
    throw new Error('dist/src/index.js is missing: run `npm run build` first (`npm test` does it in pretest)')
  }
  const env: Record<string, string | undefined> = { ...process.env }
  for (const key of Object.keys(env)) if (key.startsWith('NEREID_CAPTURE')) delete env[key]
  Object.assign(env, options.env)
  const child = spawn(process.execPath, [script, ...args], { cwd: options.cwd ?? ROOT, env, stdio: 'pipe' })
  children.add(child)
  let stdout = ''
  let stderr = ''
  const waiting: { prefix: string; resolve: (line: string) => void }[] = []
  const lines = (): string[] => stdout.split('\n').slice(0, -1)
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk
    for (const w of [...waiting]) {
      const found = lines().find((l) => l.startsWith(w.prefix))
      if (found !== undefined) {
        waiting.splice(waiting.indexOf(w), 1)
        w.resolve(found)
      }
    }
  })
  child.stderr.on('data', (chunk: string) => (stderr += chunk))
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      children.delete(child)
      resolve({ code, signal })
    })
  })
  return {
    process: child,
    stdout: () => stdout,
    stderr: () => stderr,
    ended,
    line: (prefix) =>
      new Promise<string>((resolve, reject) => {
        const seen = lines().find((l) => l.startsWith(prefix))
        if (seen !== undefined) return resolve(seen)
        waiting.push({ prefix, resolve })
        void ended.then(() =>
          reject(
            new Error(`${script} ended before printing '${prefix}'; stdout:\n${stdout}\nstderr:\n${stderr}`),
          ),
        )
      }),
  }
}

/** Runs test/fixtures/lifecycle-<name>.mjs. */
export function runLifecycle(
  name: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Script {
  return runScript(fixture(name), args, options)
}

/** Runs a script to its end and fails the test (showing its output) unless it exits 0. */
export async function runToEnd(
  name: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<Script> {
  const script = runLifecycle(name, args, options)
  const { code, signal } = await script.ended
  if (code !== 0)
    throw new Error(
      `lifecycle-${name}.mjs ended with code ${code} signal ${signal}\nstdout:\n${script.stdout()}\nstderr:\n${script.stderr()}`,
    )
  return script
}

/** Opens project.db in `dir` read-only with better-sqlite3 and calls `fn` with it. */
export function withDb<T>(
  dir: string,
  fn: (db: BetterSqlite3.Database) => T,
  options: { readonly?: boolean } = {},
): T {
  const db = new BetterSqlite3(join(dir, PROJECT_DB), {
    readonly: options.readonly ?? true,
    fileMustExist: true,
  })
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

/** `SELECT count(*) FROM <from>` over project.db in `dir`, read-only. */
export function countRows(dir: string, from: string, ...params: unknown[]): number {
  return withDb(
    dir,
    (db) => (db.prepare(`SELECT count(*) AS n FROM ${from}`).get(...params) as { n: number }).n,
  )
}

afterAll(() => {
  // a test that failed half-way must not leave a child running
  for (const child of children) child.kill('SIGKILL')
})
