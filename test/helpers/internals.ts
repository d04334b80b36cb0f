/**
 * The engine's hidden parts of a handle, for tests that must reach below the public API (a run's
 * database and row, a project's core). Public handles keep these in #private fields.
 */
import { internalsOf } from '../../src/engine/internals.js'
import type { ProjectCore } from '../../src/engine/project-core.js'
import type { RunContext } from '../../src/engine/runs/context.js'
import type { ReadonlyProject, RunView } from '../../src/index.js'

/** The run context behind a Run or RunView: database, projectDir, rowId, writer(), sync(). */
export function contextOf(run: RunView): RunContext {
  return internalsOf<RunContext>(run)
}

/** The core behind a project handle: database, objects, options, open runs. */
export function coreOf(project: ReadonlyProject): ProjectCore {
  return internalsOf<ProjectCore>(project)
}
