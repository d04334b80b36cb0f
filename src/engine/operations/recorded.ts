/**
 * gc and verify of a writable project as recorded operations: progress counts the objects looked at,
 * an AbortSignal stops between two objects (gc has then removed some unreferenced objects and no other;
 * verify has changed nothing).
 *
 * @example
 * await recordedVerify(core, { signal })   // a row of kind 'verify' in project.operations.list()
 */
import { gcProject, verifyProject } from '../files/maintenance.js'
import type { GcOptions, GcReport, VerifyReport } from '../objects/store.js'
import type { ProjectCore } from '../project-core.js'
import { runOperation, type OperationOptions } from './run-operation.js'

/** `project.gc()`: see gcProject; recorded as an operation of kind 'gc'. */
export function recordedGc(core: ProjectCore, options: GcOptions & OperationOptions): Promise<GcReport> {
  const { signal, onProgress, ...gcOptions } = options
  core.flushOpenRuns()
  return runOperation(core.database, 'gc', { signal, onProgress }, (ctx) =>
    gcProject(core.database, core.dir, { ...gcOptions }, core.objects, (seen, total) => {
      ctx.check()
      ctx.progress(seen, total)
    }),
  )
}

/** `project.verify()`: see verifyProject; recorded as an operation of kind 'verify'. */
export function recordedVerify(core: ProjectCore, options: OperationOptions): Promise<VerifyReport> {
  core.flushOpenRuns()
  return runOperation(core.database, 'verify', options, (ctx) =>
    verifyProject(core.database, core.dir, core.objects, (hashed) => {
      ctx.check()
      ctx.progress(hashed)
    }),
  )
}
