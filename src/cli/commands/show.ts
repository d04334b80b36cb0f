/**
 * `nereid show RUN`: the run's fields as a tree, with each field's type and value (a series shows its last
 * value and its number of points). `nereid show` without RUN shows the project's own fields.
 *
 * @example
 * // $ nereid show DEMO-1
 * // DEMO-1  mlp lr=0.1  idle
 * // ├─ metrics
 * // │  └─ acc        FloatSeries  0.93 (30 points)
 */
import type { Command } from 'commander'
import { colours } from '../colour.js'
import { withProject, type ProjectFlags } from '../open-project.js'
import { displayText, formatOf, jsonText, print, type FormatFlags } from '../output.js'
import { runFields, viewFields, type RunField } from '../run-fields.js'
import type { ReadonlyProject } from '../../index.js'

interface Node {
  children: Map<string, Node>
  field?: RunField
}

function tree(fields: readonly RunField[]): Node {
  const root: Node = { children: new Map() }
  for (const field of fields) {
    let node = root
    for (const segment of field.path.split('/')) {
      let child = node.children.get(segment)
      if (!child) node.children.set(segment, (child = { children: new Map() }))
      node = child
    }
    node.field = field
  }
  return root
}

function valueText(field: RunField): string {
  const value = displayText(field.value)
  return field.count === undefined ? value : `${value} (${field.count} point${field.count === 1 ? '' : 's'})`
}

/** The lines of the tree under `node`: [prefix + name, type, value]. */
function lines(node: Node, indent: string, out: [string, string, string][]): void {
  const entries = [...node.children]
  entries.forEach(([name, child], i) => {
    const last = i === entries.length - 1
    out.push([
      `${indent}${last ? '└─ ' : '├─ '}${name}`,
      child.field?.type ?? '',
      child.field ? valueText(child.field) : '',
    ])
    lines(child, `${indent}${last ? '   ' : '│  '}`, out)
  })
}

/** The tree of `fields` as text, the type and value columns aligned. */
export function renderTree(fields: readonly RunField[], colour = colours(process.stdout)): string {
  const rows: [string, string, string][] = []
  lines(tree(fields), '', rows)
  const width = Math.max(0, ...rows.map(([name]) => name.length))
  const typeWidth = Math.max(0, ...rows.map(([, type]) => type.length))
  return rows
    .map(([name, type, value]) =>
      type
        ? `${name.padEnd(width)}  ${colour.cyan(type.padEnd(typeWidth))}  ${value}`.trimEnd()
        : colour.bold(name),
    )
    .join('\n')
}

/** Prints the project-level fields (project.field(path) writes them), or says there are none. */
function showProject(project: ReadonlyProject, json: boolean): void {
  const view = project.projectFields()
  const fields = view ? viewFields(view).filter((f) => !f.path.startsWith('sys/')) : []
  if (json) return print(jsonText({ project: project.name, fields }))
  const c = colours(process.stdout)
  if (fields.length === 0) return print(`${c.bold(project.name)}\n${c.dim('no project-level fields')}`)
  print(`${c.bold(project.name)}\n${renderTree(fields, c)}`)
}

/** Adds `show` to `program`. */
export function register(program: Command): void {
  program
    .command('show')
    .description(
      "a run's fields as a tree, with types and (last) values; without RUN, the project's own fields",
    )
    .argument('[run]', 'the run id, e.g. DEMO-1 (leave it out for the project-level fields)')
    .option('--json', 'print JSON: { id, fields: [{ path, type, value, count? }] }')
    .action((run: string | undefined, _options: unknown, command: Command) => {
      const flags = command.optsWithGlobals<ProjectFlags & FormatFlags>()
      const format = formatOf(flags)
      withProject(flags, (project) => {
        if (run === undefined) return showProject(project, format === 'json')
        const fields = runFields(project, run)
        if (format === 'json') return print(jsonText({ id: run, fields }))
        const c = colours(process.stdout)
        const sys = new Map(fields.map((f) => [f.path, f.value]))
        const title = [
          c.bold(run),
          displayText(sys.get('sys/name')),
          c.dim(displayText(sys.get('sys/state'))),
        ]
          .filter((t) => t !== '')
          .join('  ')
        print(`${title}\n${renderTree(fields, c)}`)
      })
    })
}
