/**
 * The read interface over local projects: a workspace directory (each project opened read-only on first
 * use and kept open, one long-lived connection each) or a single project directory.
 *
 * @example
 * const store = openLocalStore('.nereid')            // a workspace
 * const one = openLocalStore('.nereid/demo')         // one project, named 'demo'
 * await store.names()                                // ['demo', 'vision']
 * await store.close()
 */
import { existsSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { NotFoundError, openProject, openWorkspace, PROJECT_DB } from '../index.js'
import { LocalProject } from './local-project.js'
import type { WatchTimings } from './local-watch.js'
import type { ProjectStore, ReadStore } from './read-store.js'

/** Options of {@link openLocalStore}. */
export interface LocalStoreOptions {
  /** Live-update timings (default: poll 500 ms, debounce 100 ms). */
  watch?: WatchTimings
}

class LocalStore implements ReadStore {
  private readonly open = new Map<string, LocalProject>()
  private readonly single: string | undefined

  constructor(
    private readonly dir: string,
    private readonly options: LocalStoreOptions,
  ) {
    this.single = existsSync(join(dir, PROJECT_DB)) ? basename(dir) : undefined
  }

  async names(): Promise<string[]> {
    return this.single !== undefined ? [this.single] : openWorkspace(this.dir).names()
  }

  async project(name: string): Promise<ProjectStore> {
    const cached = this.open.get(name)
    if (cached) return cached
    const names = await this.names()
    if (!names.includes(name)) {
      throw new NotFoundError('PROJECT_NOT_FOUND', `no project '${name}' is served here`, {
        hint: `Projects: ${names.join(', ') || '(none)'}.`,
      })
    }
    const dir = this.single !== undefined ? this.dir : join(this.dir, name)
    const project = new LocalProject(openProject(dir, { readonly: true }), name, this.options.watch)
    this.open.set(name, project)
    return project
  }

  async close(): Promise<void> {
    for (const project of this.open.values()) project.close()
    this.open.clear()
  }
}

/** A read store over the workspace or project directory `dir`. */
export function openLocalStore(dir: string, options: LocalStoreOptions = {}): ReadStore {
  const path = resolve(dir)
  if (!existsSync(path)) {
    throw new NotFoundError('WORKSPACE_NOT_FOUND', `${path} does not exist`, {
      hint: 'Give a project directory (it holds project.db) or a workspace (a directory of projects).',
    })
  }
  return new LocalStore(path, options)
}
