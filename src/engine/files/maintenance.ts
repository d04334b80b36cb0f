/**
 * Project-wide upkeep of the object store: `gcProject` removes objects no field refers to (past a grace
 * period), `verifyProject` re-hashes every object and checks every reference. Both read project.db in one
 * snapshot, after listing the store (see objects/gc.ts for why that order is safe).
 *
 * @example
 * await gcProject(database, project.dir, { dryRun: true })   // { removed: [...], removedBytes, … }
 * const report = await verifyProject(database, project.dir)  // report.ok === false on any damage
 */
import type { Database } from '../driver/database.js'
import { CorruptDataError, InvalidOptionError } from '../errors.js'
import { rejectUnknownKeys } from '../options.js'
import type { GcOptions, GcReport } from '../objects/gc.js'
import { isHash } from '../objects/layout.js'
import { ObjectStore } from '../objects/store.js'
import type { VerifyReport } from '../objects/verify.js'
import { listReferences } from './references.js'

/**
 * Removes the objects of the project at `projectDir` that no field refers to and that are older than
 * `graceMs` (default one day); `dryRun` only lists them. Refuses to run (CorruptDataError) when a
 * reference cannot be read, since it could then remove a referenced object. Flush open runs first.
 */
export async function gcProject(
  database: Database,
  projectDir: string,
  options: GcOptions = {},
  store = new ObjectStore(projectDir),
  onObject?: (seen: number, total: number) => void,
): Promise<GcReport> {
  checkGcOptions(options)
  return store.gc(
    () => {
      const references = database.read(listReferences)
      const bad = references.find((r) => !isHash(r.hash))
      if (bad) {
        throw new CorruptDataError(
          'INVALID_REFERENCE',
          `gc stopped: '${bad.path}' of ${bad.run} holds an unreadable file reference (${bad.hash})`,
          {
            hint: 'Nothing was removed. Run `nereid verify` to list the damaged references, fix or delete those fields, then gc again.',
          },
        )
      }
      return new Set(references.map((r) => r.hash))
    },
    options,
    onObject,
  )
}

function checkGcOptions(options: GcOptions): void {
  rejectUnknownKeys(options, ['graceMs', 'dryRun', 'signal', 'onProgress'], 'gc options')
  const { graceMs, dryRun } = options
  if (
    graceMs !== undefined &&
    !(typeof graceMs === 'number' && graceMs >= 0 && graceMs <= Number.MAX_SAFE_INTEGER)
  ) {
    throw new InvalidOptionError(
      'INVALID_OPTION',
      `option 'graceMs' must be a number of milliseconds >= 0, got ${String(graceMs)}`,
      {
        hint: 'Pass graceMs: 0 to remove every unreferenced object now, or leave it out for one day.',
      },
    )
  }
  if (dryRun !== undefined && typeof dryRun !== 'boolean') {
    throw new InvalidOptionError(
      'INVALID_OPTION',
      `option 'dryRun' must be a boolean, got ${String(dryRun)}`,
      { hint: 'Pass dryRun: true to only list what would be removed.' },
    )
  }
}

/** Re-hashes every object of the project and checks every reference; see VerifyReport. */
export async function verifyProject(
  database: Database,
  projectDir: string,
  store = new ObjectStore(projectDir),
  onObject?: (hashed: number) => void,
): Promise<VerifyReport> {
  return store.verify(
    () => database.read(listReferences).map(({ size: _size, ...reference }) => reference),
    onObject,
  )
}
