/**
 * `nereid export-parquet PROJECT OUT`: the columnar export (docs/export.md) — one row per value or
 * series point in the neptune-exporter's Parquet schema and layout under OUT (`data/` and `files/`), of
 * every run or of those chosen by `--query` and/or `--runs`; `--csv` writes CSV parts instead. Progress
 * goes to stderr (a bar on a terminal, a line per run otherwise); the summary, or with --json the
 * report, to stdout.
 *
 * @example
 * // $ nereid export-parquet .nereid/demo out --query 'metrics/acc > 0.9'
 * // exported 2 runs, 200,042 rows (1.6 MiB of Parquet) to out/data/nereid_demo-…
 */
import { relative } from 'node:path'
import type { Command } from 'commander'
import { openProject } from '../../index.js'
import {
  exportCsv,
  exportParquet,
  type ColumnarExportOptions,
  type ColumnarExportReport,
} from '../../share/index.js'
import { projectArgument } from '../open-project.js'
import { jsonText, print } from '../output.js'
import { startProgress } from '../progress.js'
import { humanBytes } from './stats.js'

interface ExportFlags {
  query?: string
  runs?: string[]
  csv?: boolean
  projectId?: string
  files?: boolean
  json?: boolean
}

/** The summary line of a report. */
export function exportSummary(report: ColumnarExportReport, cwd = process.cwd()): string {
  const runs = `${report.runs.length} run${report.runs.length === 1 ? '' : 's'}`
  const what = `${humanBytes(report.bytes)} of ${report.format === 'csv' ? 'CSV' : 'Parquet'}`
  const where = relative(cwd, report.dataDir)
  return `exported ${runs}, ${report.rows.toLocaleString('en')} rows (${what}) to ${where === '' || where.startsWith('..') ? report.dataDir : where}`
}

/** Adds `export-parquet` to `program`. */
export function register(program: Command): void {
  program
    .command('export-parquet')
    .description(
      'export runs as Parquet (or --csv) in the neptune-exporter schema: one row per value or series point',
    )
    .argument('<project>', 'project directory, or a project name in the workspace')
    .argument('<out>', 'output directory (new or empty): gets data/ and files/')
    .option('-q, --query <nql>', 'export only the runs this NQL query matches')
    .option('-r, --runs <id...>', 'export only these runs (sys/id); with --query, those of them it matches')
    .option('--csv', 'write CSV parts instead of Parquet')
    .option('--project-id <id>', "the project_id column (default '<workspace>/<project>')")
    .option('--no-files', 'do not copy the bytes of file fields (references only)')
    .option('--json', 'print the report as JSON')
    .action(async (projectArg: string, out: string, _options: unknown, command: Command) => {
      const flags = command.opts<ExportFlags>()
      const project = openProject(projectArgument(projectArg), { readonly: true })
      let progress: ReturnType<typeof startProgress> | undefined
      const options: ColumnarExportOptions = {
        query: flags.query,
        runs: flags.runs,
        files: flags.files !== false,
        ...(flags.projectId !== undefined ? { projectId: flags.projectId } : {}),
        onProgress: (p) => {
          progress ??= startProgress('runs', p.runsTotal)
          progress.update(p.runsDone, `${p.run}: ${p.rows.toLocaleString('en')} rows, ${humanBytes(p.bytes)}`)
        },
      }
      let report: ColumnarExportReport
      try {
        report = await (flags.csv ? exportCsv : exportParquet)(project, out, options)
      } finally {
        progress?.stop()
        project.close()
      }
      print(flags.json ? jsonText(report) : exportSummary(report))
    })
}
