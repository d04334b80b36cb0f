/**
 * `nereid export PROJECT OUT [--query Q] [--runs ID…] [--tar]`: a consistent, self-contained copy of a
 * project (or of chosen runs and the parents their forks read through) taken while writers keep logging,
 * as a project directory or one ustar archive. Progress on stderr; Ctrl-C cancels and leaves nothing at OUT.
 *
 * @example
 * // $ nereid export .nereid/demo /tmp/demo-share --runs DEMO-3
 * // $ nereid export .nereid/demo /tmp/demo.tar --query 'metrics/acc > 0.9' --tar --json
 */
import type { Command } from 'commander'
import { openProject, type ExportReport } from '../../index.js'
import { projectArgument } from '../open-project.js'
import { operationProgress } from '../operation-progress.js'
import { jsonText, print } from '../output.js'
import { humanBytes } from './stats.js'

interface ExportFlags {
  query?: string
  runs?: string[]
  tar?: boolean
  json?: boolean
}

/** The summary line of an export. */
export function exportLine(report: ExportReport): string {
  const runs = `${report.runs.length} run${report.runs.length === 1 ? '' : 's'}`
  return `exported ${runs}, ${report.points.toLocaleString('en')} points, ${report.objects} objects (${humanBytes(report.dbBytes + report.objectBytes)}) to ${report.out}`
}

/** Adds `export` to `program`. */
export function register(program: Command): void {
  program
    .command('export')
    .description(
      'copy a project (or chosen runs) consistently while it is written: a project directory, or --tar one archive',
    )
    .argument('<project>', 'project directory, or a project name in the workspace')
    .argument('<out>', 'new directory (or empty one), or with --tar a new archive file')
    .option('-q, --query <nql>', 'export only the runs this NQL query matches')
    .option('-r, --runs <id...>', 'export only these runs (sys/id); with --query, those of them it matches')
    .option('--tar', 'write one POSIX ustar archive instead of a directory')
    .option('--json', 'print the report as JSON')
    .action(async (projectArg: string, out: string, flags: ExportFlags) => {
      const project = openProject(projectArgument(projectArg))
      const op = operationProgress('objects')
      let report: ExportReport
      try {
        report = await project.export(out, {
          ...(flags.query !== undefined ? { query: flags.query } : {}),
          ...(flags.runs !== undefined ? { runs: flags.runs } : {}),
          format: flags.tar ? 'tar' : 'dir',
          signal: op.signal,
          onProgress: op.onProgress,
        })
      } finally {
        op.stop()
        project.close()
      }
      print(flags.json ? jsonText(report) : exportLine(report))
    })
}
