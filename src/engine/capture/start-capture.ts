/**
 * Starts a run's capture per its settings — environment, source, hardware metrics, stdout/stderr and the
 * crash hook — and returns the function that stops all of it (at run.close()).
 *
 * @example
 * const stop = startCapture(run, resolveCapture(options), monitoringId())
 * stop()
 */
import type { CaptureSettings } from './capture-options.js'
import { captureStream } from './console.js'
import { describeEnvironment } from './environment.js'
import { sampleHardware } from './hardware.js'
import { collectSource } from './source.js'

/** What capture needs from a run. */
export interface CaptureTarget {
  assign(path: string, value: unknown): void
  log(values: Record<string, number>): void
  appendLine(path: string, line: string): void
  markFailed(error: unknown, namespace: string): void
  warn(code: string, message: string): void
  /** Uploads the files the globs match into the FileSet source_code/files (in the background). */
  uploadSources?(globs: readonly string[]): void
}

/** Starts capturing into `target` under monitoring/<id>/; returns the stop function. */
export function startCapture(target: CaptureTarget, settings: CaptureSettings, id: string): () => void {
  const namespace = `monitoring/${id}`
  const stops: (() => void)[] = []
  const guarded = (what: string, fn: () => void): void => {
    try {
      fn()
    } catch (error) {
      target.warn('CAPTURE_FAILED', `could not capture ${what}: ${String(error)}`)
    }
  }

  if (settings.environment) {
    guarded('the environment', () => {
      const env = describeEnvironment()
      target.assign(namespace, { hostname: env.hostname, pid: BigInt(env.pid) })
      target.assign('environment', {
        node: env.node,
        platform: env.platform,
        arch: env.arch,
        hostname: env.hostname,
        pid: BigInt(env.pid),
        cwd: env.cwd,
        command_line: env.commandLine,
      })
    })
  }
  if (settings.source) {
    guarded('the source', () => {
      const source = collectSource({ entry: process.argv[1], globs: settings.sourceFiles })
      if (source.git) target.assign('source_code/git', { ...source.git })
      if (source.entry)
        target.assign('source_code/entrypoint', {
          path: source.entry.path,
          size: BigInt(source.entry.size),
          sha256: source.entry.sha256,
        })
      if (source.files.length > 0) {
        target.assign('source_code/files_manifest', JSON.stringify(source.files))
        target.uploadSources?.(settings.sourceFiles ?? [])
      }
    })
  }
  if (settings.hardware) {
    guarded('hardware metrics', () =>
      stops.push(
        sampleHardware(
          (values) => guarded('hardware metrics', () => target.log(values)),
          namespace,
          settings.monitoringIntervalMs,
        ),
      ),
    )
  }
  for (const [enabled, stream, name] of [
    [settings.stdout, process.stdout, 'stdout'],
    [settings.stderr, process.stderr, 'stderr'],
  ] as const) {
    if (enabled) stops.push(captureStream(stream, (line) => target.appendLine(`${namespace}/${name}`, line)))
  }
  if (settings.traceback) {
    const onCrash = (error: unknown): void => target.markFailed(error, namespace)
    process.on('uncaughtExceptionMonitor', onCrash)
    stops.push(() => process.off('uncaughtExceptionMonitor', onCrash))
  }
  return () => {
    for (const stop of stops.reverse()) stop()
  }
}
