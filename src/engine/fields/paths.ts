/**
 * Field paths: '/'-separated namespaces ending in a field name, like `metrics/train/loss`.
 *
 * @example
 * checkPath('metrics/acc', 'write')    // 'metrics/acc'
 * checkPath('metrics//acc', 'read')    // throws InvalidPathError (empty segment)
 * parentsOf('a/b/c')                   // ['a', 'a/b']
 */
import { InvalidPathError } from '../errors.js'
import { quoted } from '../quote.js'

/** Longest path accepted, in UTF-8 bytes (Neptune's limit). */
export const MAX_PATH_BYTES = 1024

/** The only `sys/` fields a user may write; Nereid keeps every other one. */
export const USER_WRITABLE_SYS = new Set(['sys/name', 'sys/description', 'sys/tags', 'sys/group_tags'])

/** Control characters: C0, DEL and C1, the Unicode Cc category (U+0085 is a line break, for one). */
const CONTROL = /\p{Cc}/u
/** A UTF-16 surrogate without its pair: SQLite would store it as U+FFFD, so the path would read back changed. */
const LONE_SURROGATE = /\p{Cs}/u

/** Returns `path` if it is valid for `use`, else throws an InvalidPathError saying what is wrong. */
export function checkPath(path: unknown, use: 'read' | 'write'): string {
  if (typeof path !== 'string') {
    throw new InvalidPathError('INVALID_PATH', `a field path must be a string, got ${typeof path}`, {
      hint: "Use a '/'-separated string such as 'metrics/acc'.",
    })
  }
  const fail = (what: string, hint: string): never => {
    throw new InvalidPathError('INVALID_PATH', `invalid field path ${quoted(path)}: ${what}`, {
      hint,
    })
  }
  if (path.length === 0) fail('it is empty', "Use a '/'-separated string such as 'metrics/acc'.")
  if (Buffer.byteLength(path, 'utf8') > MAX_PATH_BYTES) {
    fail(`it is longer than ${MAX_PATH_BYTES} bytes`, 'Use shorter namespace and field names.')
  }
  if (CONTROL.test(path))
    fail('it contains a control character', 'Remove newlines, tabs and other control characters.')
  if (LONE_SURROGATE.test(path))
    fail(
      'it contains half of a UTF-16 surrogate pair',
      'Build the path from whole characters (a string cut in the middle of an emoji has half of one).',
    )
  if (path.split('/').some((segment) => segment.length === 0)) {
    fail('it has an empty segment', "Remove leading, trailing and doubled '/' characters.")
  }
  if (use === 'write' && (path === 'sys' || path.startsWith('sys/')) && !USER_WRITABLE_SYS.has(path)) {
    fail(
      'the sys namespace is kept by Nereid',
      'Only sys/name, sys/description, sys/tags and sys/group_tags can be written; use another namespace.',
    )
  }
  return path
}

/** The namespaces that contain `path`, outermost first. */
export function parentsOf(path: string): string[] {
  const parents: string[] = []
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) parents.push(path.slice(0, i))
  return parents
}

/** Joins a namespace and a relative path; an empty namespace is the root. */
export function joinPath(namespace: string, relative: string): string {
  return namespace === '' ? relative : `${namespace}/${relative}`
}
