/**
 * Flushes open runs when the process ends: on `beforeExit`, `exit` (better-sqlite3 being synchronous, a
 * flush can run there), SIGINT and SIGTERM. After flushing on a signal, the signal's usual effect
 * follows: it is raised again so the process ends as it would have. When the program listens for the
 * signal itself, the signal does not end the process, so Nereid leaves its runs open and does nothing.
 *
 * @example
 * const unregister = onProcessEnd((reason) => run.flushForExit(reason))
 * unregister()   // at close
 */

/** Why the process is ending. */
export type EndReason = 'exit' | 'SIGINT' | 'SIGTERM'

type EndHandler = (reason: EndReason) => void

const handlers = new Set<EndHandler>()

function runAll(reason: EndReason): void {
  for (const handler of [...handlers]) {
    try {
      handler(reason)
    } catch {
      // one run failing to flush must not stop the others from flushing
    }
  }
}

const onExit = (): void => runAll('exit')
const onSignal = (signal: 'SIGINT' | 'SIGTERM'): void => {
  // Another listener means the program handles the signal itself ("finish the epoch, then stop"): the
  // process does not end here, so its runs must stay open. If that handler exits, the exit hook flushes.
  if (process.listeners(signal).some((listener) => listener !== onSignal)) return
  runAll(signal)
  detach()
  process.kill(process.pid, signal)
}

function attach(): void {
  process.on('beforeExit', onExit)
  process.on('exit', onExit)
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
}

function detach(): void {
  process.off('beforeExit', onExit)
  process.off('exit', onExit)
  process.off('SIGINT', onSignal)
  process.off('SIGTERM', onSignal)
}

/** Calls `handler` when the process ends; returns the function that unregisters it. */
export function onProcessEnd(handler: EndHandler): () => void {
  if (handlers.size === 0) attach()
  handlers.add(handler)
  return () => {
    if (handlers.delete(handler) && handlers.size === 0) detach()
  }
}
