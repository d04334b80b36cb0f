/**
 * `nereid stats`: counts over the project (runs by state, fields, series points, bytes on disk). Prints
 * whatever project.stats() returns, so new counts show up without changing this file.
 *
 * @example
 * // $ nereid stats --json
 */
import type { Command } from 'commander'
import { csvCell, csvText } from '../../format/csv.js'
import { withProject, type ProjectFlags } from '../open-project.js'
import { displayText, formatOf, jsonText, print, printTable, type FormatFlags } from '../output.js'

/** 12345678 -> '11.8 MiB'. */
export function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`
}

/** [name, value] lines of a stats object; nested objects give 'runsByState.running'-style names. */
export function statLines(stats: object, prefix = ''): [string, unknown][] {
  const lines: [string, unknown][] = []
  for (const [key, value] of Object.entries(stats)) {
    const name = prefix ? `${prefix}.${key}` : key
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date))
      lines.push(...statLines(value, name))
    else lines.push([name, value])
  }
  return lines
}

/** Adds `stats` to `program`. */
export function register(program: Command): void {
  program
    .command('stats')
    .description('counts over the project: runs by state, fields, series points, bytes')
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV (name,value)')
    .action((_options: unknown, command: Command) => {
      const flags = command.optsWithGlobals<ProjectFlags & FormatFlags>()
      const format = formatOf(flags)
      withProject(flags, (project) => {
        const stats = project.stats()
        if (format === 'json') return print(jsonText(stats))
        const lines = statLines(stats)
        if (format === 'csv')
          return print(
            ['name,value', ...lines.map(([n, v]) => `${csvCell(n)},${csvCell(csvText(v))}`)].join('\n'),
          )
        printTable(
          ['', project.name],
          lines.map(([name, value]) => [
            name,
            /bytes$/i.test(name) && typeof value === 'number'
              ? `${humanBytes(value)} (${value} bytes)`
              : displayText(value),
          ]),
        )
      })
    })
}
