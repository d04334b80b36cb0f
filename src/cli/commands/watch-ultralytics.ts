/**
 * `nereid watch-ultralytics DIR --project P`: follows an Ultralytics training that is still running and
 * adds each new results.csv row to its run as it appears; on SIGINT/SIGTERM it stores the weights and
 * plots, marks the run complete and exits.
 *
 * @example
 * // $ nereid watch-ultralytics runs/detect/train --project .nereid/yolo
 * // watching runs/detect/train as YOLO-1
 * // epoch 1
 */
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { openProject } from '../../index.js'
import { watchUltralytics } from '../../ingest/index.js'
import { note } from '../output.js'
import { usageError } from '../usage.js'

/** Adds `watch-ultralytics` to `program`. */
export function register(program: Command): void {
  program
    .command('watch-ultralytics')
    .description('follow a running Ultralytics training, adding each results.csv row as it appears')
    .argument('<dir>', 'the run directory (runs/detect/train)')
    .option('--poll', 'poll the file instead of file-system events (network filesystems)')
    .action(async (dir: string, _options: unknown, command: Command) => {
      const flags = command.optsWithGlobals<{ project?: string; poll?: boolean }>()
      if (!flags.project)
        throw usageError(
          'watch-ultralytics needs --project DIR',
          'Name the project directory to write into (it is created when missing).',
        )
      const project = openProject(resolve(flags.project))
      const watcher = await watchUltralytics(project, dir, {
        usePolling: flags.poll ?? false,
        onRow: (epoch) => note(`epoch ${epoch}`),
      })
      note(`watching ${dir} as ${watcher.runId}`)
      await new Promise<void>((done) => {
        const stop = () => done()
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
      await watcher.close()
      project.close()
      note(`stopped: ${watcher.report.points} points, ${watcher.report.skipped.length} skipped`)
    })
}
