/**
 * Which project a command works on: `--project DIR` (or a project name in the workspace), else
 * $NEREID_PROJECT, else the only project of the workspace ($NEREID_HOME, else ./.nereid). Projects are
 * opened read-only: the CLI's first commands only look.
 *
 * @example
 * const project = openCliProject({ project: '.nereid/demo' })
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import {
  NereidError,
  NotFoundError,
  openProject,
  openWorkspace,
  PROJECT_DB,
  type ReadonlyProject,
} from '../index.js'
import { usageError } from './usage.js'

/** The options every command takes. */
export interface ProjectFlags {
  project?: string
}

function isProject(dir: string): boolean {
  return existsSync(join(dir, PROJECT_DB))
}

/** The directory of the project a command should use. */
export function projectDir(flags: ProjectFlags): string {
  const workspace = openWorkspace()
  const given = flags.project ?? process.env.NEREID_PROJECT
  if (given !== undefined && given !== '') {
    if (isProject(given)) return resolve(given)
    if (!given.includes('/') && isProject(join(workspace.dir, given))) return join(workspace.dir, given)
    const source = flags.project !== undefined ? '--project' : '$NEREID_PROJECT'
    throw new NotFoundError('PROJECT_NOT_FOUND', `${source} ${given}: no ${PROJECT_DB} there`, {
      hint: `Give the directory holding ${PROJECT_DB} (or the name of a project in ${workspace.dir}).`,
    })
  }
  const names = workspace.names()
  if (names.length === 1) return join(workspace.dir, names[0]!)
  if (names.length === 0) {
    throw new NotFoundError('PROJECT_NOT_FOUND', `no project found: ${workspace.dir} holds none`, {
      hint: 'Pass --project DIR, set NEREID_PROJECT, or set NEREID_HOME to the directory of your projects.',
    })
  }
  throw usageError(
    `${workspace.dir} holds ${names.length} projects (${names.join(', ')}); which one?`,
    `Choose with --project ${names[0]} (or set NEREID_PROJECT).`,
  )
}

/** Opens the project of `flags` read-only. */
export function openCliProject(flags: ProjectFlags): ReadonlyProject {
  return openProject(projectDir(flags), { readonly: true })
}

/** Runs `fn` with the project of `flags`, closing it afterwards. */
export function withProject<T>(flags: ProjectFlags, fn: (project: ReadonlyProject) => T): T {
  const project = openCliProject(flags)
  try {
    return fn(project)
  } finally {
    project.close()
  }
}

/** The directory of the PROJECT argument; a missing project names the argument, not --project. */
export function projectArgument(given: string): string {
  try {
    return projectDir({ project: given })
  } catch (error) {
    if (!(error instanceof NereidError) || error.code !== 'PROJECT_NOT_FOUND') throw error
    throw new NotFoundError('PROJECT_NOT_FOUND', `PROJECT ${given}: no ${PROJECT_DB} there`, {
      hint: error.hint,
    })
  }
}
