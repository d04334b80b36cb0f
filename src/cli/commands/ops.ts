/**
 * `nereid ops PROJECT`: the recorded operations of a project (export, import, gc, verify) with their
 * status, progress and times, as a table or `--json`.
 *
 * @example
 * // $ nereid ops .nereid/demo
 * // id  kind    status    progress  started               took
 * // 1   gc      finished  3/3       2026-12-02 17:20:01   0.1 s
 */
import type { Command } from 'commander'
import { openProject, type OperationSummary } from '../../index.js'
import { projectArgument } from '../open-project.js'
import { jsonText, print, printTable } from '../output.js'

interface OpsFlags {
  json?: boolean
}

function progressText(op: OperationSummary): string {
  return op.total === null ? String(op.done) : `${op.done}/${op.total}`
}

function tookText(op: OperationSummary): string {
  if (op.startedAt === null) return ''
  const ms = (op.endedAt ?? Date.now()) - op.startedAt
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
}

/** One table row of `op`. */
export function operationRow(op: OperationSummary): string[] {
  const started =
    op.startedAt === null ? '' : new Date(op.startedAt).toISOString().replace('T', ' ').slice(0, 19)
  const error = op.error ? `${op.error.code ?? op.error.name}: ${op.error.message}` : ''
  return [String(op.id), op.kind, op.status, progressText(op), started, tookText(op), error]
}

/** Adds `ops` to `program`. */
export function register(program: Command): void {
  program
    .command('ops')
    .description(
      'list the recorded operations of a project (export, import, gc, verify) with status and progress',
    )
    .argument('<project>', 'project directory, or a project name in the workspace')
    .option('--json', 'print the operations as JSON')
    .action((projectArg: string, flags: OpsFlags) => {
      const project = openProject(projectArgument(projectArg), { readonly: true })
      try {
        const operations = project.operations.list()
        if (flags.json) return print(jsonText(operations))
        printTable(
          ['id', 'kind', 'status', 'progress', 'started', 'took', 'error'],
          operations.map(operationRow),
        )
      } finally {
        project.close()
      }
    })
}
