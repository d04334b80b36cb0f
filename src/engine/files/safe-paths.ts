/**
 * Paths inside a FileSet or Artifact, and file names of downloads. They are stored with '/' separators and
 * checked on the way in and on the way out, so that neither a glob reaching outside its cwd nor a damaged
 * project.db can make a download write outside its destination directory.
 *
 * @example
 * memberPath('/work', '/work/src/a.ts')   // 'src/a.ts'
 * memberPath('/work', '/etc/passwd')      // throws InvalidValueError
 * safeJoin('/out', 'src/a.ts')            // '/out/src/a.ts'
 * safeName('../../x')                     // 'x'
 */
import { basename, isAbsolute, join, relative, sep } from 'node:path'
import { CorruptDataError, InvalidValueError } from '../errors.js'

/** The '/'-separated path of `file` relative to `root`; throws if it is not inside `root`. */
export function memberPath(root: string, file: string): string {
  const rel = relative(root, file)
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new InvalidValueError('PATH_OUTSIDE_CWD', `${file} is not inside ${root}`, {
      hint: "Files of a set are stored by their path relative to cwd; pass a cwd that contains them, e.g. uploadFiles('**/*.ts', { cwd: '..' }).",
    })
  }
  return rel.split(sep).join('/')
}

/** True for a '/'-separated relative path with no empty, '.' or '..' segment. */
export function isSafeRelative(path: string): boolean {
  return (
    path.length > 0 &&
    !path.startsWith('/') &&
    !path.includes('\\') &&
    !/[\u0000]/.test(path) &&
    path.split('/').every((s) => s !== '' && s !== '.' && s !== '..')
  )
}

/** `dir` joined with the stored relative `path`; a CorruptDataError if `path` could leave `dir`. */
export function safeJoin(dir: string, path: string): string {
  if (!isSafeRelative(path)) {
    throw new CorruptDataError(
      'UNSAFE_PATH',
      `refusing to write ${JSON.stringify(path)}: it is not a plain relative path`,
      {
        hint: 'project.db holds a damaged file path; run `nereid verify`.',
      },
    )
  }
  return join(dir, ...path.split('/'))
}

/** A plain file name made from `name` (its last segment; 'file' when nothing usable is left). */
export function safeName(name: string): string {
  const base = basename(name.replaceAll('\\', '/').replaceAll('\u0000', ''))
  return base === '' || base === '.' || base === '..' ? 'file' : base
}
