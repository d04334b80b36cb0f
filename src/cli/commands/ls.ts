/**
 * `nereid ls`: the runs table, filtered by an NQL query, with chosen columns, sorted and limited.
 *
 * @example
 * // $ nereid ls --query 'metrics/acc > 0.9 AND sys/tags CONTAINS "mlp"' --columns parameters/lr,metrics/acc:max --sort metrics/acc --limit 5
 */
import type { Command } from 'commander'
import { withProject, type ProjectFlags } from '../open-project.js'
import { displayText, formatOf, jsonText, note, print, printTable, type FormatFlags } from '../output.js'
import { integerOption, usageError } from '../usage.js'

interface LsFlags extends ProjectFlags, FormatFlags {
  query?: string
  columns?: string[]
  all?: boolean
  sort: string
  asc?: boolean
  limit?: number
  offset?: number
}

/** Columns shown when --columns is not given (sys/id always comes first). */
export const DEFAULT_COLUMNS = ['sys/name', 'sys/state', 'sys/creation_time', 'sys/tags']

function collect(value: string, previous: string[] = []): string[] {
  return previous.concat(
    value
      .split(',')
      .map((c) => c.trim())
      .filter((c) => c !== ''),
  )
}

const EXAMPLES = `
Examples:
  nereid ls --query 'metrics/acc > 0.9 AND sys/tags CONTAINS "mlp"'
  nereid ls --query '\`parameters/lr\`:float < 0.05' --columns parameters/lr,metrics/acc:max --sort metrics/acc:max
  nereid ls --all --json > runs.json

Columns are field paths; a series shows its last value, or a summary with :last, :min, :max, :average,
:variance or :count (e.g. metrics/loss:min). See docs/query.md for the query language.`

/** Adds `ls` to `program`. */
export function register(program: Command): void {
  program
    .command('ls')
    .description('list the runs as a table (filter, columns, sort, limit)')
    .option('-q, --query <nql>', "NQL filter, e.g. 'metrics/acc > 0.9'")
    .option(
      '-c, --columns <list>',
      `comma-separated columns; repeatable (default: ${DEFAULT_COLUMNS.join(',')})`,
      collect,
    )
    .option('-a, --all', 'every field as a column')
    .option('-s, --sort <column>', 'sort by this column', 'sys/creation_time')
    .option('--asc', 'sort ascending (default: descending)')
    .option('-n, --limit <n>', 'show at most n runs', integerOption('--limit'))
    .option('--offset <n>', 'skip the first n runs', integerOption('--offset'))
    .option('--json', 'print JSON: an array of objects keyed by column')
    .option('--csv', 'print CSV with a header line')
    .addHelpText('after', EXAMPLES)
    .action((_options: unknown, command: Command) => {
      const flags = command.optsWithGlobals<LsFlags>()
      const format = formatOf(flags)
      if (flags.all && flags.columns)
        throw usageError(
          '--all and --columns cannot be used together',
          'Use --all for every field, or --columns for some.',
        )
      withProject(flags, (project) => {
        const table = project.fetchRunsTable({
          ...(flags.query !== undefined ? { query: flags.query } : {}),
          ...(flags.all ? {} : { columns: flags.columns ?? DEFAULT_COLUMNS }),
          sortBy: flags.sort,
          ascending: flags.asc === true,
          ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
          ...(flags.offset !== undefined ? { offset: flags.offset } : {}),
        })
        if (format === 'json') return print(jsonText(table.toObjects()))
        if (format === 'csv') return process.stdout.write(table.toCSV())
        if (table.rows.length === 0)
          return note(flags.query ? 'No run matches the query.' : 'The project has no runs.')
        printTable(
          table.columns.map((c) => c.name),
          table.rows.map((row) => row.map((value) => displayText(value))),
        )
        note(`${table.rows.length} run${table.rows.length === 1 ? '' : 's'}`)
      })
    })
}
