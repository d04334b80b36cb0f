/**
 * Warnings: problems that must not stop training (a dropped point, a flush that failed in a timer). The
 * engine never prints; it calls the `onWarning` option, whose default prints each kind once per field to
 * stderr.
 *
 * @example
 * openProject(dir, { onWarning: (w) => myLogger.warn(w.code, w.message) })
 */

/** One warning. */
export interface NereidWarning {
  /** Stable code, like an error's: 'STEP_NOT_INCREASING', 'FLUSH_FAILED', … */
  code: string
  message: string
  /** The field concerned, when there is one. */
  path?: string
}

/** Receives warnings. */
export type WarningHandler = (warning: NereidWarning) => void

/** The default handler: prints a warning to stderr the first time its code and path are seen. */
export function printOncePerKind(): WarningHandler {
  const seen = new Set<string>()
  return (warning) => {
    const key = `${warning.code}\u0000${warning.path ?? ''}`
    if (seen.has(key)) return
    seen.add(key)
    process.stderr.write(`nereid: warning: ${warning.message}\n`)
  }
}
