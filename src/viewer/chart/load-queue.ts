/**
 * First loads of charts, a few at a time: the server answers one request at a time per project, so
 * charts that mount together (a compare of 100 runs, a screen of a run's series) would otherwise all
 * finish at the end; queued, the first chart is drawn after its own request alone.
 */

const AT_ONCE = 2
let running = 0
const waiting: (() => void)[] = []

/**
 * Runs `load` when fewer than two queued loads are running; resolves or rejects as it does.
 * @example await queueLoad(() => chart.load())
 */
export async function queueLoad<T>(load: () => Promise<T>): Promise<T> {
  if (running >= AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve))
  running++
  try {
    return await load()
  } finally {
    running--
    waiting.shift()?.()
  }
}
