/**
 * Progress of a long command on stderr: a cli-progress bar when stderr is a terminal, otherwise plain
 * lines (one per finished unit of work), so logs and CI output stay readable.
 *
 * @example
 * const progress = startProgress('runs', 3)
 * progress.update(1, 'DEMO-1: 1,000 rows')   // bar moves, or prints "[1/3 runs] DEMO-1: 1,000 rows"
 * progress.stop()
 */
import cliProgress from 'cli-progress'

/** A progress display. */
export interface Progress {
  /** `done` units finished; `detail` says what was just done. A line is printed only when `done` grows. */
  update(done: number, detail: string): void
  stop(): void
}

/** A progress display over `total` units named `unit`. */
export function startProgress(
  unit: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (stream.isTTY === true) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `{bar} {value}/{total} ${unit} | {detail}`,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    )
    bar.start(total, 0, { detail: '' })
    return { update: (done, detail) => bar.update(done, { detail }), stop: () => bar.stop() }
  }
  let printed = 0
  return {
    update: (done, detail) => {
      if (done <= printed) return
      printed = done
      stream.write(`[${done}/${total} ${unit}] ${detail}\n`)
    },
    stop: () => {},
  }
}
