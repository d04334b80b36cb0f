/**
 * The `nereid` program: global flags, the commands of commands/index.ts, help text with the environment
 * variables and exit codes, and `run(argv)`, which parses, runs and turns any error into an exit code.
 *
 * @example
 * process.exitCode = await run(['node', 'nereid', 'ls', '--json'])
 */
import { Command } from 'commander'
import { colours, disableColour } from './colour.js'
import { commands } from './commands/index.js'
import { reportError } from './report.js'
import { packageVersion } from './version.js'

const FOOTER = `
Environment:
  NEREID_PROJECT   the project directory when --project is not given
  NEREID_HOME      the workspace (a directory of projects; default ./.nereid)
  NO_COLOR         no colour even on a terminal (colour is only ever used on a TTY)

Exit codes: 0 ok, 1 failure, 2 usage (bad flag, argument or query syntax).`

/** A commander parse error ("error: unknown option '--x'") in Nereid's form, or as a JSON line. */
function usageText(text: string, json: boolean): string {
  const message = text.replace(/^error: /, '').trim()
  if (json) return `${JSON.stringify({ error: { code: 'USAGE', message, hint: 'Add --help for usage.' } })}\n`
  return `${colours(process.stderr).red('error [USAGE]')}: ${message}\n`
}

/** Builds the program with every command registered; `json` prints parse errors as JSON lines. */
export function buildProgram(json = false): Command {
  const program = new Command('nereid')
    .description('Inspect and maintain Nereid projects: runs, fields, series, files.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option(
      '-p, --project <dir>',
      'project directory, or a project name in the workspace (default: $NEREID_PROJECT, else the only project in the workspace)',
    )
    .option('--no-color', 'never colour the output')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(usageText(text, json)) })
    .addHelpText('after', FOOTER)
  if (!json) program.showHelpAfterError(`${colours(process.stderr).yellow('hint')}: add --help for usage`)
  program.hook('preAction', (command) => {
    if (command.optsWithGlobals().color === false) disableColour()
  })
  for (const command of commands) command.register(program)
  return program
}

/** Runs the command line `argv` (as in process.argv) and returns the exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram(argv.includes('--json')).parseAsync([...argv])
    return 0
  } catch (error) {
    return reportError(error, { json: argv.includes('--json') })
  }
}
