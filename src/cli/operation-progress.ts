/**
 * The progress display of a recorded operation (export, import): a bar on a terminal, plain lines
 * otherwise (progress.ts), started once the operation knows its total; while the total is unknown (verify
 * walks the store as it goes), a count at most once a second; plus Ctrl-C cancellation.
 *
 * @example
 * const op = operationProgress('objects')
 * try { await project.export(out, { signal: op.signal, onProgress: op.onProgress }) } finally { op.stop() }
 */
import { cancelOnSigint } from './cancel.js'
import { startProgress, type Progress } from './progress.js'

/** Options to hand an operation, and `stop()` to call when it is over. */
export function operationProgress(unit: string): {
  signal: AbortSignal
  onProgress: (p: { done: number; total: number | null }) => void
  stop(): void
} {
  const cancel = cancelOnSigint()
  let progress: Progress | undefined
  let counted = 0
  let counting = false
  return {
    signal: cancel.signal,
    onProgress: ({ done, total }) => {
      if (total === null) {
        if (Date.now() - counted < 1000) return
        counted = Date.now()
        counting = process.stderr.isTTY === true
        process.stderr.write(counting ? `\r${done} ${unit}` : `[${done} ${unit}]\n`)
        return
      }
      progress ??= startProgress(unit, total)
      progress.update(done, `${done} of ${total} ${unit}`)
    },
    stop: () => {
      if (counting) process.stderr.write('\n')
      progress?.stop()
      cancel.dispose()
    },
  }
}
