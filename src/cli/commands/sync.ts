/**
 * `nereid sync PROJECT --to postgres://…`: ships what is new in a local project to a PostgreSQL hub
 * (docs/hub.md) — once, or with --watch every few seconds until Ctrl-C (then one last pass). Retries
 * with backoff while the hub is unreachable; a wrong password or a newer hub schema stops it with a
 * typed error. Training never waits for it: it is its own process, and the local project stays the truth.
 *
 * @example
 * // $ nereid sync .nereid/demo --to postgres://nereid:secret@db:5432/hub --objects /shared/nereid-objects
 * // $ nereid sync demo --to "$HUB" --as team --watch --interval 5s
 */
import type { Command } from 'commander'
import { openProject } from '../../index.js'
import { syncLoop, type SyncReport } from '../../hub/index.js'
import { projectArgument } from '../open-project.js'
import { jsonText, note, print } from '../output.js'
import { integerOption, usageError } from '../usage.js'
import { parseDuration } from './gc.js'

interface SyncFlags {
  to?: string
  as?: string
  source?: string
  objects?: string
  watch?: boolean
  interval?: number
  retries?: number
  batch?: number
  keepDeleted?: boolean
  json?: boolean
}

function summary(r: SyncReport): string {
  return `${r.runs} runs, ${r.fields} field rows, ${r.chunks} chunks (${r.chunkPoints} points), ${r.strings} string entries, ${r.events} events, ${r.objects} objects in ${r.batches} batches${r.deletedRuns + r.deletedFields > 0 ? `; deleted ${r.deletedRuns} runs and ${r.deletedFields} fields gone locally` : ''}`
}

/** Adds `sync` to `program`. */
export function register(program: Command): void {
  program
    .command('sync')
    .description('ship what is new in a project to a PostgreSQL hub (docs/hub.md); --watch keeps shipping')
    .argument('<project>', 'project directory or name in the workspace')
    .option('--to <url>', 'the hub: postgres://USER:PASSWORD@HOST:PORT/DATABASE (default $NEREID_HUB)')
    .option('--as <name>', 'the hub project to sync into (default: the local project name)')
    .option('--source <name>', "this source's name in the hub (default: host:project directory)")
    .option(
      '--objects <dir>',
      'where file contents go: a directory every host and the viewer see, or s3://BUCKET/PREFIX (files are not shipped without it)',
    )
    .option('--watch', 'keep syncing until Ctrl-C or SIGTERM, then sync once more')
    .option('--interval <duration>', 'between passes with --watch (default 2s)', parseDuration)
    .option(
      '--retries <n>',
      'retries while the hub is unreachable, without --watch (default 5)',
      integerOption('--retries'),
    )
    .option('--batch <n>', 'field rows per transaction (default 200)', integerOption('--batch'))
    .option(
      '--keep-deleted',
      'leave in the hub the runs and fields deleted locally (default: delete them there too)',
    )
    .option('--json', 'print the totals as JSON')
    .action(async (dir: string, _options: unknown, command: Command) => {
      const flags = command.opts<SyncFlags>()
      const url = flags.to ?? process.env.NEREID_HUB
      if (!url)
        throw usageError(
          'nereid sync needs the hub',
          'Pass --to postgres://USER:PASSWORD@HOST:PORT/DATABASE or set NEREID_HUB.',
        )
      const project = openProject(projectArgument(dir), { readonly: true })
      const controller = new AbortController()
      const stop = (): void => {
        if (controller.signal.aborted) process.exit(130)
        note('nereid sync: one last pass, then stopping (again to quit at once)…')
        controller.abort()
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
      if (flags.watch) note(`nereid sync: watching ${project.dir} (Ctrl-C or SIGTERM to stop)`)
      try {
        const total = await syncLoop(project, url, {
          ...(flags.as !== undefined ? { project: flags.as } : {}),
          ...(flags.source !== undefined ? { source: flags.source } : {}),
          ...(flags.objects !== undefined ? { objectsDir: flags.objects } : {}),
          ...(flags.batch !== undefined ? { batchFields: flags.batch } : {}),
          ...(flags.retries !== undefined ? { retries: flags.retries } : {}),
          ...(flags.keepDeleted ? { keepDeleted: true } : {}),
          watch: flags.watch ?? false,
          intervalMs: flags.interval ?? 2000,
          signal: controller.signal,
          onPass: (report) => {
            if (flags.watch && report.batches > 0) note(`nereid sync: ${summary(report)}`)
          },
          onRetry: (error, delay) =>
            note(`nereid sync: ${error.message.split('\n')[0]}; retrying in ${delay} ms`),
        })
        if (flags.json) print(jsonText(total))
        else note(`synced ${summary(total)}`)
      } finally {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        project.close()
      }
    })
}
