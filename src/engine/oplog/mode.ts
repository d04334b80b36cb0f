/**
 * Which way a project opened for writing is written: the `mode` option, else NEREID_MODE, else oplog
 * when statfs says the directory is on a network or FUSE file system (SQLite's WAL needs shared memory
 * and locks those do not give), else the database.
 *
 * @example
 * chooseMode('/lustre/p', 'auto')   // 'oplog'
 * chooseMode('/lustre/p', 'db')     // 'db': forced
 */
import { isRemoteFilesystem } from '../driver/database.js'
import { InvalidOptionError } from '../errors.js'
import type { ProjectMode } from '../options.js'

/** 'db' or 'oplog' for a project in `dir` opened with `mode`. */
export function chooseMode(dir: string, mode: ProjectMode): 'db' | 'oplog' {
  if (mode !== 'auto') return mode
  const env = process.env.NEREID_MODE
  if (env === 'db' || env === 'oplog') return env
  if (env !== undefined && env !== '' && env !== 'auto') {
    throw new InvalidOptionError(
      'INVALID_NEREID_MODE',
      `NEREID_MODE must be 'db', 'oplog' or 'auto', got ${JSON.stringify(env)}`,
      {
        hint: 'Unset NEREID_MODE, or set it to db or oplog.',
      },
    )
  }
  return isRemoteFilesystem(dir) ? 'oplog' : 'db'
}
