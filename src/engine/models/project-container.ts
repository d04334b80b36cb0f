/**
 * Project-level fields (Neptune's `init_project`: `project["general/brief"] = …`): atoms, sets, series
 * and files on the project itself. They live in one field container of kind 'project' (sys/id = the
 * project's key), made on the first write, and are written and read like a run's fields.
 *
 * @example
 * project.field('general/brief').assign('Segmentation of cells')
 * project.field('general/tags').add(['biology'])
 * project.fetch()   // { general: { brief: 'Segmentation of cells', tags: ['biology'] }, sys: { … } }
 */
import { eq } from 'drizzle-orm'
import { runs } from '../../../schema/tables.js'
import type { Db } from '../driver/database.js'
import { NotFoundError } from '../errors.js'
import { insertContainer, writeSysAtoms, type RunIdentity } from '../runs/store.js'
import type { ContainerHost } from './container-host.js'
import { ContainerHandle } from './container-handle.js'

/** The project container's identity, if it was made. */
export function findProjectContainer(db: Db): RunIdentity | undefined {
  const row = db.select().from(runs).where(eq(runs.kind, 'project')).get()
  return row ? { rowId: row.id, id: row.sysId, uuid: row.uuid, customRunId: null } : undefined
}

/** The project container, made when missing (inside the caller's write transaction). */
export function ensureProjectContainer(db: Db, key: string, now: number): RunIdentity {
  const found = findProjectContainer(db)
  if (found) return found
  const made = insertContainer(db, 'project', () => key, undefined, now)
  writeSysAtoms(
    db,
    made.rowId,
    [
      ['sys/id', 'String', made.id],
      ['sys/creation_time', 'Datetime', new Date(now)],
    ],
    now,
  )
  return made
}

/** The writable field container of a project. */
export class ProjectContainer extends ContainerHandle {
  constructor(host: ContainerHost, identity: RunIdentity) {
    super(host, identity)
  }

  protected deleted(): NotFoundError {
    return new NotFoundError('PROJECT_FIELDS_NOT_FOUND', "the project's field container is gone", {
      hint: 'Open the project again; project.field(path) makes it anew.',
    })
  }
}
