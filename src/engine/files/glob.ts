/**
 * Glob expansion for FileSets and Artifacts (fast-glob, negations with '!'). Symbolic links to files are
 * followed; links to directories are not descended, so a link back up the tree cannot loop; a link that
 * loops or dangles is a typed error. Paths are returned relative to `cwd` and must stay inside it.
 *
 * @example
 * await expandGlobs(['src/**\/*.ts', '!**\/*.test.ts'], '/work')   // [{ abs: '/work/src/a.ts', rel: 'src/a.ts' }]
 */
import fg from 'fast-glob'
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { InvalidValueError } from '../errors.js'
import { inputError } from '../objects/errors.js'
import { memberPath } from './safe-paths.js'

/** One matched file. */
export interface MatchedFile {
  /** Absolute path. */
  abs: string
  /** '/'-separated path relative to cwd. */
  rel: string
}

/** The files matched, and how many directories matched (they are not taken, only counted for the warning). */
export interface GlobResult {
  files: MatchedFile[]
  directories: number
}

/** Checks that `globs` is a non-empty string or array of strings, and returns it as an array. */
export function globList(globs: unknown, method: string): string[] {
  const list = typeof globs === 'string' ? [globs] : globs
  if (Array.isArray(list) && list.length > 0 && list.every((g) => typeof g === 'string' && g.length > 0))
    return list as string[]
  throw new InvalidValueError(
    'INVALID_GLOB',
    `${method}() takes a glob or an array of globs, got ${JSON.stringify(globs)}`,
    {
      hint: "Pass patterns such as 'src/**/*.ts', with '!' in front of those to leave out.",
    },
  )
}

/** The regular files (and links to them) matching `patterns` under `cwd`, sorted by path. */
export async function expandGlobs(patterns: readonly string[], cwd: string): Promise<GlobResult> {
  let entries
  try {
    entries = await fg(patterns as string[], {
      cwd,
      dot: true,
      onlyFiles: false,
      followSymbolicLinks: false,
      objectMode: true,
      unique: true,
      suppressErrors: false,
    })
  } catch (error) {
    throw inputError(error, (error as { path?: string }).path ?? cwd)
  }
  const files: MatchedFile[] = []
  let directories = 0
  for (const entry of entries) {
    const abs = resolve(cwd, entry.path)
    if (entry.dirent.isDirectory()) {
      directories++
      continue
    }
    if (entry.dirent.isSymbolicLink()) {
      const target = await stat(abs).catch((error: unknown) => {
        throw inputError(error, abs)
      })
      if (target.isDirectory()) {
        directories++
        continue
      }
    } else if (!entry.dirent.isFile()) {
      continue // sockets, FIFOs, devices
    }
    files.push({ abs, rel: memberPath(cwd, abs) })
  }
  return { files: files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0)), directories }
}
