/**
 * `nereid watch PROJECT`: merges PROJECT/inbox/ continuously (file-system events, and a poll for network
 * file systems where events from other hosts never come), printing a line per merge, until SIGINT or
 * SIGTERM.
 *
 * @example
 * // $ nereid watch /lustre/team/proj
 * // watching /lustre/team/proj/inbox
 * // merged 16 files: 32 lines, 160000 points, 0 runs created
 */
import { join } from 'node:path'
import type { Command } from 'commander'
import { openProject } from '../../index.js'
import { watchInbox } from '../../ingest/index.js'
import { note } from '../output.js'
import { integerOption } from '../usage.js'
import { mergeLines } from './merge.js'

/** Adds `watch` to `program`. */
export function register(program: Command): void {
  program
    .command('watch')
    .description('merge PROJECT/inbox/ continuously until SIGINT/SIGTERM')
    .argument('<project>', 'the project directory')
    .option(
      '--poll-ms <ms>',
      'also merge every this many ms without an event',
      integerOption('--poll-ms'),
      1000,
    )
    .option('--poll', 'let the file watcher poll instead of using inotify')
    .action(async (dir: string, flags: { pollMs: number; poll?: boolean }) => {
      const project = openProject(dir, { mode: 'db' })
      const watcher = watchInbox(project, {
        pollMs: flags.pollMs,
        usePolling: flags.poll ?? false,
        onMerge: (report) => mergeLines(report).forEach((line) => note(line)),
        onError: (error) => note(`merge failed: ${error instanceof Error ? error.message : String(error)}`),
      })
      note(`watching ${join(project.dir, 'inbox')}`)
      await new Promise<void>((done) => {
        process.once('SIGINT', () => done())
        process.once('SIGTERM', () => done())
      })
      await watcher.close()
      project.close()
      note('stopped')
    })
}
