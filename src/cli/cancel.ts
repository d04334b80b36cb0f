/**
 * Ctrl-C during a long command: the first SIGINT aborts the command's operation (it ends `cancelled`,
 * with nothing half-written kept) and the command exits 130; a second SIGINT exits at once.
 *
 * @example
 * const cancel = cancelOnSigint()
 * try { await project.gc({ signal: cancel.signal }) } finally { cancel.dispose() }
 */
import { note } from './output.js'

/** An AbortSignal fired by SIGINT, until `dispose()`. */
export function cancelOnSigint(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController()
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130)
    note('cancelling (Ctrl-C again to quit at once)…')
    process.exitCode = 130
    controller.abort(new Error('SIGINT'))
  }
  process.on('SIGINT', onSigint)
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) }
}
