/**
 * The server's read interface over a PostgreSQL hub (`nereid serve --from postgres://…`): the hub's
 * projects by name, each a PgProject; objects are read from the shared objects directory the syncs
 * copied them to.
 *
 * @example
 * const store = await openPgStore('postgres://viewer:secret@db/hub', { objectsDir: '/shared/objects' })
 * await store.names()   // ['team', 'vision']
 */
import { NotFoundError } from '../index.js'
import type { ProjectStore, ReadStore } from '../store/read-store.js'
import { connectHub, type Hub } from './connect.js'
import { hubObjects, type HubObjects } from './hub-objects.js'
import { PgProject } from './pg-project.js'

/** Options of openPgStore. */
export interface PgStoreOptions {
  /** The objects store: the shared directory or s3://BUCKET/PREFIX the syncs put objects in (none are served without it). */
  objectsDir?: string
}

class PgStore implements ReadStore {
  private readonly objects: HubObjects | undefined

  constructor(
    private readonly hub: Hub,
    options: PgStoreOptions,
  ) {
    this.objects = options.objectsDir === undefined ? undefined : hubObjects(options.objectsDir)
  }

  async names(): Promise<string[]> {
    const rows = await this.hub.sql<{ name: string }[]>`SELECT name FROM hub_projects ORDER BY name`
    return rows.map((r) => r.name)
  }

  async project(name: string): Promise<ProjectStore> {
    const [row] = await this.hub.sql<{ id: number }[]>`SELECT id FROM hub_projects WHERE name = ${name}`
    if (!row) {
      throw new NotFoundError('PROJECT_NOT_FOUND', `the hub has no project '${name}'`, {
        hint: `Projects: ${(await this.names()).join(', ') || '(none)'}.`,
      })
    }
    return new PgProject(this.hub.sql, name, row.id, this.objects)
  }

  async close(): Promise<void> {
    await this.hub.close()
  }
}

/** Opens the hub at `url` for reading (its schema checked, as for a sync). */
export async function openPgStore(url: string, options: PgStoreOptions = {}): Promise<ReadStore> {
  if (options.objectsDir !== undefined) hubObjects(options.objectsDir) // a bad s3:// location before connecting
  return new PgStore(await connectHub(url, { max: 4 }), options)
}
