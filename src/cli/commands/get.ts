/**
 * `nereid get RUN PATH`: one field's value; for a series, its points (step, value, timestamp), optionally
 * within --from/--to steps; for a namespace, every field under it.
 *
 * @example
 * // $ nereid get DEMO-1 parameters/lr          -> 0.01
 * // $ nereid get DEMO-1 train/loss --csv       -> step,value,timestamp …
 */
import type { Command } from 'commander'
import type { ReadonlyProject } from '../../index.js'
import { csvLine } from '../../format/csv.js'
import { withProject, type ProjectFlags } from '../open-project.js'
import {
  displayText,
  formatOf,
  jsonText,
  print,
  printTable,
  type Format,
  type FormatFlags,
} from '../output.js'
import { runFields } from '../run-fields.js'
import { numberOption, usageError } from '../usage.js'

interface GetFlags extends ProjectFlags, FormatFlags {
  from?: number
  to?: number
}

// Control characters other than newline and tab: a value must not drive the terminal.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g

function printSeries(
  project: ReadonlyProject,
  run: string,
  path: string,
  type: string,
  flags: GetFlags,
  format: Format,
): void {
  const points = project.runs
    .get(run)
    .field(path)
    .fetchValues({
      ...(flags.from !== undefined ? { from: flags.from } : {}),
      ...(flags.to !== undefined ? { to: flags.to } : {}),
    })
  const n = points.steps.length
  const value = (i: number) => points.values[i]
  const time = (i: number) => new Date(points.timestamps[i]!)
  if (format === 'json') {
    const list = Array.from({ length: n }, (_, i) => ({
      step: points.steps[i],
      value: value(i),
      timestamp: time(i),
    }))
    return print(jsonText({ run, path, type, points: list }))
  }
  const out: string[] = [format === 'csv' ? 'step,value,timestamp' : 'step\tvalue\ttimestamp']
  for (let i = 0; i < n; i++) {
    if (format === 'csv') out.push(csvLine([points.steps[i], value(i), time(i)]))
    else
      out.push(
        `${points.steps[i]}\t${typeof value(i) === 'number' ? String(value(i)) : String(value(i)).replace(CONTROL, '·')}\t${time(i).toISOString()}`,
      )
  }
  print(out.join('\n'))
}

/** Adds `get` to `program`. */
export function register(program: Command): void {
  program
    .command('get')
    .description("one field of a run: an atom's value, a series' points, or a namespace's fields")
    .argument('<run>', 'the run id, e.g. DEMO-1')
    .argument('<path>', 'the field path, e.g. metrics/acc (or a namespace, e.g. parameters)')
    .option('--from <step>', 'series: first step to print', numberOption('--from'))
    .option('--to <step>', 'series: last step to print', numberOption('--to'))
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV')
    .action((run: string, path: string, _options: unknown, command: Command) => {
      const flags = command.optsWithGlobals<GetFlags>()
      const format = formatOf(flags)
      withProject(flags, (project) => {
        const field = project.runs.get(run).field(path)
        const type = field.type()
        if (type === 'FloatSeries' || type === 'StringSeries')
          return printSeries(project, run, path, type, flags, format)
        if (flags.from !== undefined || flags.to !== undefined)
          throw usageError(
            `--from and --to apply to series; '${path}' is ${type ? `a ${type}` : 'not a field'}`,
            'Leave them out.',
          )
        if (type === undefined) {
          if (!project.runs.get(run).exists(path)) field.fetch() // throws FIELD_NOT_FOUND with a hint
          const fields = runFields(project, run, path)
          if (format === 'json') return print(jsonText({ run, path, fields }))
          if (format === 'csv')
            return print(
              [
                'path,type,value,count',
                ...fields.map((f) => csvLine([f.path, f.type, f.value, f.count])),
              ].join('\n'),
            )
          return printTable(
            ['path', 'type', 'value'],
            fields.map((f) => [
              f.path,
              f.type,
              f.count === undefined ? displayText(f.value) : `${displayText(f.value)} (${f.count} points)`,
            ]),
          )
        }
        const value = field.fetch()
        if (format === 'json') return print(jsonText({ run, path, type, value }))
        if (format === 'csv') return print(['path,type,value', csvLine([path, type, value])].join('\n'))
        if (Array.isArray(value))
          return print(
            value
              .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)).replace(CONTROL, '·'))
              .join('\n'),
          )
        print(typeof value === 'string' ? value.replace(CONTROL, '·') : displayText(value, Infinity))
      })
    })
}
