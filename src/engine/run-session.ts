/**
 * Opening a run for writing in this process: its writer (knowing every field's type), the Run handle,
 * and for a run (not a model container) the session around it — sys/state 'running', the heartbeat, a
 * fork's step floor, tags/name/description given to startRun, and capture.
 *
 * @example
 * const run = startSession(core, identity, { tags: ['mlp'] }, resolveCapture({}))
 * const { run: model, writer } = openWriter(core, modelIdentity, {})
 */
import { encodeAtom } from './fields/atom-codec.js'
import { getField, listFields } from './fields/store.js'
import type { ProjectCore } from './project-core.js'
import { Run } from './run.js'
import { lineageOf } from './runs/lineage.js'
import type { RunIdentity } from './runs/store.js'
import { RunWriter, type FlushMode, type WriterLifecycle } from './runs/writer.js'
import type { CaptureSettings } from './capture/capture-options.js'
import { monitoringId } from './capture/environment.js'
import { startCapture } from './capture/start-capture.js'

/** What startRun passes on to the session: the values it sets when the run opens. */
export interface SessionOptions {
  tags?: readonly string[]
  groupTags?: readonly string[]
  name?: string
  description?: string
  /** Where the run's flushes run (resolved: option, NEREID_FLUSH, 'inline'). */
  flush?: FlushMode
}

/** Opens the writer and Run handle of container `identity`; the project closes it at close(). */
export function openWriter(
  core: ProjectCore,
  identity: RunIdentity,
  lifecycle: WriterLifecycle,
  monitoringNamespace?: string,
): { run: Run; writer: RunWriter } {
  const rows = core.database.read((db) => listFields(db, identity.rowId))
  const writer = new RunWriter(core.database, identity.rowId, core.options, rows, lifecycle)
  const run = new Run({
    database: core.database,
    projectDir: core.dir,
    identity,
    writer,
    onClose: (r) => core.open.delete(r),
    monitoringNamespace,
    lifecycle: lifecycle.heartbeat ?? false,
    onWarning: core.options.onWarning,
    objects: core.objects,
  })
  core.open.add(run)
  return { run, writer }
}

/** Opens run `identity` for writing in this process: heartbeat, tags/name updates, capture. */
export function startSession(
  core: ProjectCore,
  identity: RunIdentity,
  options: SessionOptions,
  capture: CaptureSettings,
): Run {
  const lifecycle = core.database.read((db) => ({
    heartbeat: true,
    flush: options.flush,
    floorStep: lineageOf(db, identity.rowId).step ?? -Infinity,
    runningTimeBase: getField(db, identity.rowId, 'sys/running_time')?.num ?? 0,
  }))
  const monitoring = `monitoring/${monitoringId()}`
  const { run, writer } = openWriter(core, identity, lifecycle, monitoring)
  writer.assignAtom('sys/state', 'String', encodeAtom('String', 'running'), true)
  if (options.tags?.length) run.tags.add(options.tags)
  if (options.groupTags?.length) run.groupTags.add(options.groupTags)
  if (options.name !== undefined) run.assign('sys/name', options.name)
  if (options.description !== undefined) run.assign('sys/description', options.description)
  run.flush()
  run.attachCapture(
    startCapture(
      {
        assign: (path, value) => run.assign(path, value),
        log: (values) => run.log(values),
        appendLine: (path, line) => writer.appendString(path, line, undefined, Date.now()),
        markFailed: (error) => {
          if (!writer.isClosed) run.fail(error) // a crash after close() has nothing left to mark
        },
        warn: (code, message) => core.options.onWarning({ code, message }),
        uploadSources: (globs) =>
          run.trackCapture(
            run
              .field('source_code/files')
              .uploadFiles([...globs], { cwd: process.cwd() })
              .catch((error: unknown) =>
                core.options.onWarning({
                  code: 'CAPTURE_FAILED',
                  message: `could not upload the source files: ${String(error)}`,
                }),
              ),
          ),
      },
      capture,
      monitoring.slice('monitoring/'.length),
    ),
  )
  return run
}
