/**
 * Errors of file input and of the object store. A file the user points at can be missing, a directory,
 * unreadable, a symlink loop, or change while it is copied (FileInputError and its subclasses); the store
 * itself can run out of space or refuse writes (ObjectStoreError). Each maps one errno to a code and a
 * hint; a failed copy always leaves the store as it was.
 *
 * @example
 * try { await run.field('model/weights').upload('w.pt') }
 * catch (e) { if (e instanceof FileNotFoundError) console.error(e.hint) }
 */
import { NereidError } from '../errors.js'

/** A file given as input that cannot be stored as asked. */
export class FileInputError extends NereidError {
  override readonly name: string = 'FileInputError'
}

/** No file at the path (code FILE_NOT_FOUND); also a path whose parent is a file, or a dangling link. */
export class FileNotFoundError extends FileInputError {
  override readonly name = 'FileNotFoundError'
}

/** A directory or a device where a regular file is expected (code NOT_A_FILE). */
export class NotAFileError extends FileInputError {
  override readonly name = 'NotAFileError'
}

/** A file the process may not open or read, or whose read fails (code FILE_UNREADABLE). */
export class FileUnreadableError extends FileInputError {
  override readonly name = 'FileUnreadableError'
}

/** A symbolic link that points back to itself, directly or through others (code SYMLINK_LOOP). */
export class SymlinkLoopError extends FileInputError {
  override readonly name = 'SymlinkLoopError'
}

/** A file whose size or mtime changed while it was copied, twice in a row (code FILE_CHANGED). */
export class FileChangedError extends FileInputError {
  override readonly name = 'FileChangedError'
}

/** The object store could not write (code OBJECT_WRITE_FAILED, or DISK_FULL for DiskFullError). */
export class ObjectStoreError extends NereidError {
  override readonly name: string = 'ObjectStoreError'
}

/** The disk (or quota) filled up during a copy; the partial temp file was removed (code DISK_FULL). */
export class DiskFullError extends ObjectStoreError {
  override readonly name = 'DiskFullError'
}

function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/**
 * The typed error for an fs error met while opening or reading the user's file at `path`.
 *
 * @example
 * inputError(Object.assign(new Error('x'), { code: 'ENOENT' }), 'w.pt')   // FileNotFoundError
 */
export function inputError(error: unknown, path: string): NereidError {
  if (error instanceof NereidError) return error
  const cause = error
  switch (errnoOf(error)) {
    case 'ENOENT':
      return new FileNotFoundError('FILE_NOT_FOUND', `no file at ${path}`, {
        hint: `Check the path; relative paths resolve against the working directory (${process.cwd()}). A symbolic link whose target is gone also lands here.`,
        cause,
      })
    case 'ENOTDIR':
      return new FileNotFoundError(
        'FILE_NOT_FOUND',
        `no file at ${path}: a directory in that path is a file`,
        {
          hint: 'Check each directory of the path; one of them is a regular file.',
          cause,
        },
      )
    case 'EISDIR':
      return notAFile(path, 'a directory')
    case 'ELOOP':
      return new SymlinkLoopError('SYMLINK_LOOP', `${path} is a symbolic link loop`, {
        hint: 'Follow the links with `ls -l` and point one of them at a real file, or leave it out of the glob.',
        cause,
      })
    case 'EACCES':
    case 'EPERM':
      return new FileUnreadableError('FILE_UNREADABLE', `permission denied reading ${path}`, {
        hint: 'Give this process read permission on the file (and search permission on its directories).',
        cause,
      })
    default:
      return new FileUnreadableError(
        'FILE_UNREADABLE',
        `cannot read ${path}: ${String((error as Error)?.message ?? error)}`,
        {
          hint: 'The file could not be read (an I/O error or a special file); copy it to a regular file and upload that.',
          cause,
        },
      )
  }
}

/**
 * The NotAFileError for `path`, which is `what` (a directory, a device…).
 *
 * @example
 * throw notAFile('data/', 'a directory')
 */
export function notAFile(path: string, what: string): NotAFileError {
  const directory = what === 'a directory'
  return new NotAFileError('NOT_A_FILE', `${path} is ${what}, not a regular file`, {
    hint: directory
      ? `Upload a directory as a FileSet: field.uploadFiles('${path.replace(/\/+$/, '')}/**'), or track it with field.trackFiles('${path}').`
      : 'Only regular files (or symbolic links to them) can be stored; copy the data into a file first.',
  })
}

/**
 * The typed error for an fs error met while writing into the object store under `objectsDir`.
 *
 * @example
 * storeError(Object.assign(new Error('x'), { code: 'ENOSPC' }), '/p/objects')   // DiskFullError
 */
export function storeError(error: unknown, objectsDir: string): NereidError {
  if (error instanceof NereidError) return error
  const code = errnoOf(error)
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new DiskFullError(
      'DISK_FULL',
      `the disk holding ${objectsDir} is full (${code}); nothing was stored`,
      {
        hint: 'Free some space (`nereid gc` removes objects no field refers to) or move the project to a larger disk, then retry.',
        cause: error,
      },
    )
  }
  return new ObjectStoreError(
    'OBJECT_WRITE_FAILED',
    `cannot write into ${objectsDir}: ${String((error as Error)?.message ?? error)}`,
    {
      hint:
        code === 'EROFS' || code === 'EACCES' || code === 'EPERM'
          ? 'Open the project from a writable location, with write permission on objects/.'
          : 'Check the disk holding the project; nothing was stored.',
      cause: error,
    },
  )
}

/**
 * The typed error for an fs error met while writing a download to `dest`.
 *
 * @example
 * outputError(Object.assign(new Error('x'), { code: 'ENOSPC' }), 'out/w.pt')   // DiskFullError
 */
export function outputError(error: unknown, dest: string): NereidError {
  if (error instanceof NereidError) return error
  const code = errnoOf(error)
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new DiskFullError(
      'DISK_FULL',
      `the disk holding ${dest} is full (${code}); the partial download was removed`,
      {
        hint: 'Free some space or download to another disk.',
        cause: error,
      },
    )
  }
  return new ObjectStoreError(
    'DOWNLOAD_FAILED',
    `cannot write ${dest}: ${String((error as Error)?.message ?? error)}`,
    {
      hint:
        code === 'ENOTDIR' || code === 'EEXIST'
          ? 'A file is in the way of the destination directory; choose another destination.'
          : 'Check that the destination is writable.',
      cause: error,
    },
  )
}
