/**
 * `nereid serve`: the read-only HTTP server over a workspace or one project (docs/server.md). Beside it,
 * in this process but outside the server, the projects' inbox/ oplog files are merged continuously
 * (serve-merge.ts; `--no-merge` turns that off). Prints the URL, serves until SIGINT or SIGTERM, then
 * closes cleanly.
 *
 * @example
 * // $ nereid serve ~/.nereid --port 4700
 * // $ nereid serve .nereid/demo --host 0.0.0.0 --tokens tokens.json
 */
import { spawn } from 'node:child_process'
import type { Command } from 'commander'
import { defaultWorkspaceDir } from '../../index.js'
import { openPgStore } from '../../hub/index.js'
import { loadTokensFile, serveDirectory, singleToken, type Tokens } from '../../server/serve.js'
import { note } from '../output.js'
import { integerOption, usageError } from '../usage.js'
import { startServeMerges, type ServeMerges } from './serve-merge.js'

interface ServeFlags {
  port: number
  host: string
  token?: string
  tokens?: string
  open?: boolean
  merge: boolean
  from?: string
  objects?: string
}

const EXAMPLES = `
Examples:
  nereid serve                                  the workspace ($NEREID_HOME, else ./.nereid) on 127.0.0.1:4700
  nereid serve .nereid/demo --port 8080         one project
  nereid serve --host 0.0.0.0 --token "$(openssl rand -hex 24)"
  nereid serve --host 0.0.0.0 --tokens tokens.json   tokens.json: { "<token>": ["demo"], "<admin token>": "*" }
  nereid serve --from postgres://viewer:secret@db/hub --objects /shared/nereid-objects   a PostgreSQL hub

Binds 127.0.0.1 unless --host says otherwise; any other host needs --token or --tokens.
Merges the oplog files in PROJECT/inbox/ (of each project of a workspace that has one) as \`nereid watch\`
does, unless --no-merge.`

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open'
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url]
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' })
    child.on('error', () => process.stderr.write(`nereid serve: could not open a browser; open ${url}\n`))
    child.unref()
  } catch {
    process.stderr.write(`nereid serve: could not open a browser; open ${url}\n`)
  }
}

/** Adds `serve` to `program`. */
export function register(program: Command): void {
  program
    .command('serve [dir]')
    .description('serve a workspace or project read-only over HTTP: JSON API and viewer')
    .option('--port <n>', 'port (0: any free port)', integerOption('--port'), 4700)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--token <token>', 'one access token that reads every project')
    .option('--tokens <file>', 'JSON file mapping tokens to the projects they read')
    .option('--open', 'open the URL in a browser')
    .option('--no-merge', 'do not merge the inbox/ oplog files of the projects served')
    .option('--from <url>', 'serve a PostgreSQL hub (postgres://…, docs/hub.md) instead of a directory')
    .option(
      '--objects <dir>',
      'with --from: the objects directory or s3://BUCKET/PREFIX the syncs put files in',
    )
    .addHelpText('after', EXAMPLES)
    .action(async (dirArg: string | undefined, _options: unknown, command: Command) => {
      const flags = command.optsWithGlobals<ServeFlags & { project?: string }>()
      if (flags.token !== undefined && flags.tokens !== undefined)
        throw usageError(
          '--token and --tokens cannot be used together',
          'Put every token in the --tokens file.',
        )
      if (flags.port > 65_535)
        throw usageError(`--port takes 0 to 65535, got ${flags.port}`, 'Write it like --port 4700.')
      const tokens: Tokens | undefined =
        flags.token !== undefined
          ? singleToken(flags.token)
          : flags.tokens !== undefined
            ? loadTokensFile(flags.tokens)
            : undefined
      const dir = dirArg ?? flags.project ?? (process.env.NEREID_PROJECT || defaultWorkspaceDir())
      const hub = flags.from !== undefined
      const merges: ServeMerges | undefined =
        flags.merge && !hub ? await startServeMerges(dir, (line) => note(`nereid serve: ${line}`)) : undefined
      let served
      try {
        served = await serveDirectory({
          dir,
          ...(flags.from !== undefined
            ? {
                store: await openPgStore(
                  flags.from,
                  flags.objects !== undefined ? { objectsDir: flags.objects } : {},
                ),
              }
            : {}),
          port: flags.port,
          host: flags.host,
          ...(tokens ? { tokens } : {}),
        })
      } catch (error) {
        await merges?.close()
        throw error
      }
      const url =
        flags.token !== undefined ? `${served.url}?token=${encodeURIComponent(flags.token)}` : served.url
      process.stdout.write(`nereid serve: ${url}\n`)
      if (flags.open) openBrowser(url)
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop)
          process.off('SIGTERM', stop)
          void served
            .close()
            .then(() => merges?.close())
            .then(resolve, resolve)
        }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
      })
      process.stdout.write('nereid serve: stopped\n')
    })
}
