/**
 * A workspace: a directory of projects ($NEREID_HOME, else ./.nereid).
 *
 * @example
 * openWorkspace('.nereid').projects()   // [{ name: 'demo', dir: '/…/.nereid/demo', stats: { runs: 3, … } }]
 */
import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { openProject, PROJECT_DB, type Project, type ProjectStats } from './project.js'
import type { ReadonlyProject } from './readonly-project.js'
import type { ProjectOptions } from './options.js'

/** One project of a workspace. */
export interface ProjectSummary {
  name: string
  dir: string
  stats: ProjectStats
}

/** The default workspace directory: $NEREID_HOME, else ./.nereid. */
export function defaultWorkspaceDir(): string {
  return resolve(process.env.NEREID_HOME ?? '.nereid')
}

/** A directory of projects. */
export class Workspace {
  readonly dir: string

  constructor(dir: string = defaultWorkspaceDir()) {
    this.dir = resolve(dir)
  }

  /** The name of every project (subdirectory holding project.db), sorted. */
  names(): string[] {
    if (!existsSync(this.dir)) return []
    return readdirSync(this.dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(this.dir, entry.name, PROJECT_DB)))
      .map((entry) => entry.name)
      .sort()
  }

  /** Every project with its statistics (each opened read-only for the count). */
  projects(): ProjectSummary[] {
    return this.names().map((name) => {
      const dir = join(this.dir, name)
      const project = openProject(dir, { readonly: true })
      try {
        return { name, dir, stats: project.stats() }
      } finally {
        project.close()
      }
    })
  }

  /** Opens (or creates) the project `name` in this workspace; with `readonly: true`, a ReadonlyProject. */
  project(name: string, options: ProjectOptions & { readonly: true }): ReadonlyProject
  project(name: string, options?: ProjectOptions & { readonly?: false }): Project
  project(name: string, options?: ProjectOptions): Project | ReadonlyProject
  project(name: string, options?: ProjectOptions): Project | ReadonlyProject {
    return openProject(join(this.dir, name), options)
  }
}

/** Opens the workspace at `dir` (default $NEREID_HOME, else ./.nereid). */
export function openWorkspace(dir?: string): Workspace {
  return new Workspace(dir)
}
