/**
 * What code produced a run: the git commit, branch, remote, dirty flag and the diff of uncommitted changes
 * (when the script runs inside a git repository), the entry script, and the source files matched by glob
 * patterns (fast-glob). Each file is recorded by relative path, size and sha256.
 *
 * @example
 * collectSource({ entry: process.argv[1], globs: ['src/**\/*.ts'] })
 * // { git: { commit: '1a2b…', branch: 'main', remote: 'git@…', dirty: true, diff: '…' }, entry: {…}, files: [...] }
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import fg from 'fast-glob'

/** Largest diff kept, in characters; a longer one is cut with a note. */
export const MAX_DIFF_CHARS = 1_000_000
/** Largest source file hashed, in bytes. */
const MAX_SOURCE_BYTES = 50 * 1024 * 1024

/** Git facts of a working tree. */
export interface GitInfo {
  commit: string
  branch: string
  remote: string
  dirty: boolean
  diff: string
}

/** One recorded source file. */
export interface SourceFile {
  path: string
  size: number
  sha256: string
}

function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
      maxBuffer: 64 * 1024 * 1024,
    }).trimEnd()
  } catch {
    return undefined
  }
}

/** Git facts of the repository containing `cwd`, or undefined outside one (or without git). */
export function gitInfo(cwd: string): GitInfo | undefined {
  const commit = git(cwd, ['rev-parse', 'HEAD'])
  if (commit === undefined) return undefined
  const status = git(cwd, ['status', '--porcelain', '--untracked-files=no']) ?? ''
  let diff = status === '' ? '' : (git(cwd, ['diff', 'HEAD']) ?? '')
  if (diff.length > MAX_DIFF_CHARS)
    diff = `${diff.slice(0, MAX_DIFF_CHARS)}\n… (diff cut at ${MAX_DIFF_CHARS} characters)\n`
  return {
    commit,
    branch: git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']) ?? '',
    remote: git(cwd, ['config', '--get', 'remote.origin.url']) ?? '',
    dirty: status !== '',
    diff,
  }
}

/** Path (relative to `base`), size and sha256 of `file`, or undefined when it cannot be read. */
export function describeFile(file: string, base: string): SourceFile | undefined {
  try {
    const size = statSync(file).size
    if (size > MAX_SOURCE_BYTES) return undefined
    const bytes = readFileSync(file)
    return {
      path: relative(base, file) || file,
      size,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    }
  } catch {
    return undefined
  }
}

/** Everything the source capture records. */
export interface SourceInfo {
  git: GitInfo | undefined
  entry: SourceFile | undefined
  files: SourceFile[]
}

/** Collects git facts near the entry script, the entry script itself and the files matching `globs`. */
export function collectSource(options: {
  entry: string | undefined
  globs: readonly string[] | undefined
  cwd?: string
}): SourceInfo {
  const cwd = options.cwd ?? process.cwd()
  const entry = options.entry === undefined ? undefined : resolve(cwd, options.entry)
  const files =
    (options.globs ?? []).length > 0
      ? fg
          .sync([...(options.globs ?? [])], {
            cwd,
            absolute: true,
            onlyFiles: true,
            dot: false,
            followSymbolicLinks: false,
          })
          .sort()
      : []
  return {
    git: gitInfo(entry ? dirname(entry) : cwd),
    entry: entry ? describeFile(entry, cwd) : undefined,
    files: files.map((file) => describeFile(file, cwd)).filter((f): f is SourceFile => f !== undefined),
  }
}
