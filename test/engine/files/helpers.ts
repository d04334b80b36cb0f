/** Helpers for file-field tests: a project on the real disk, a run, and a field handle wired to onWarning. */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Field } from '../../../src/engine/field.js'
import type { RunContext } from '../../../src/engine/runs/context.js'
import { openProject, type Project } from '../../../src/engine/project.js'
import type { Run } from '../../../src/engine/run.js'
import type { ObjectStore } from '../../../src/engine/objects/store.js'
import type { NereidWarning } from '../../../src/engine/warnings.js'
import { contextOf } from '../../helpers/internals.js'
import { tempProjectDir } from '../../helpers/tmp.js'

/** A new project whose warnings are collected in `warnings`. */
export function testProject(): { project: Project; warnings: NereidWarning[] } {
  const warnings: NereidWarning[] = []
  const project = openProject(tempProjectDir(), { onWarning: (w) => warnings.push(w) })
  return { project, warnings }
}

/**
 * `run` as a field host that reports warnings to `onWarning` (until the run passes the project's
 * onWarning on by itself, which is the lead's wiring).
 */
export function hostOf(run: Run, onWarning: (w: NereidWarning) => void, objects?: ObjectStore): RunContext {
  return { ...contextOf(run), onWarning, objects }
}

/** A field of `run` whose warnings go to `onWarning`. */
export function fieldOf(run: Run, path: string, onWarning: (w: NereidWarning) => void): Field {
  return new Field(hostOf(run, onWarning), path)
}

/** The hashes of every object in the project's store. */
export function objectsIn(projectDir: string): string[] {
  const root = join(projectDir, 'objects', 'sha256')
  if (!existsSync(root)) return []
  return readdirSync(root)
    .flatMap((shard) => readdirSync(join(root, shard)))
    .sort()
}
