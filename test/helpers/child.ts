/**
 * Child processes running test/fixtures/*.mjs against the built package (dist/, built by `npm run build`,
 * which `npm test` runs first), the way a user's training script imports Nereid.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const children = new Set<ChildProcessWithoutNullStreams>()

/** A running fixture with its output collected as it comes. */
export interface Child {
  process: ChildProcessWithoutNullStreams
  stdout: string[]
  stderr: () => string
  /** Resolves with the first stdout line starting with `prefix`. */
  line(prefix: string): Promise<string>
  /** Resolves when the process has ended. */
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Starts `node test/fixtures/<name>.mjs ...args` from the repository root. */
export function runFixture(name: string, args: readonly string[]): Child {
  if (!existsSync(join(root, 'dist', 'src', 'index.js'))) {
    throw new Error('dist/src/index.js is missing: run `npm run build` first (`npm test` does it in pretest)')
  }
  // The children run as a user's script would, with Nereid's defaults (the in-process tests switch capture off).
  const env = { ...process.env }
  delete env.NEREID_CAPTURE
  const child = spawn(process.execPath, [join('test', 'fixtures', `${name}.mjs`), ...args], {
    cwd: root,
    env,
    stdio: 'pipe',
  })
  children.add(child)
  const stdout: string[] = []
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => (stderr += chunk))
  const waiting: { prefix: string; resolve: (line: string) => void }[] = []
  createInterface({ input: child.stdout }).on('line', (line) => {
    stdout.push(line)
    for (const w of waiting.filter((x) => line.startsWith(x.prefix))) {
      waiting.splice(waiting.indexOf(w), 1)
      w.resolve(line)
    }
  })
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => {
      children.delete(child)
      resolve({ code, signal })
    })
  })
  return {
    process: child,
    stdout,
    stderr: () => stderr,
    ended,
    line: (prefix) =>
      new Promise<string>((resolve, reject) => {
        const seen = stdout.find((l) => l.startsWith(prefix))
        if (seen !== undefined) return resolve(seen)
        waiting.push({ prefix, resolve })
        void ended.then(() =>
          reject(new Error(`${name} ended before printing '${prefix}'; stderr:\n${stderr}`)),
        )
      }),
  }
}

afterAll(() => {
  // a test that failed half-way must not leave a child logging forever
  for (const child of children) child.kill('SIGKILL')
})
