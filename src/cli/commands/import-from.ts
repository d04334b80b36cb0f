/**
 * `nereid import-from neptune|mlflow|tensorboard|ultralytics SRC --project P`: imports another tracker's
 * runs into project P (created when missing). Prints a progress line per run (a progress bar on a TTY),
 * then what was created, left unchanged and skipped (file and row); `--json` prints the report. Recorded
 * as an operation (`nereid ops`); Ctrl-C stops it between two runs.
 *
 * @example
 * // $ nereid import-from neptune exports/data --files exports/files --project .nereid/moved
 * // imported 12 runs (3456789 points), 0 unchanged, 2 skipped
 */
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { cancelOnSigint } from '../cancel.js'
import { startProgress, type Progress } from '../progress.js'
import { openProject } from '../../index.js'
import {
  importMlflow,
  importNeptune,
  importTensorboard,
  importUltralytics,
  type ImportProgress,
  type ImportReport,
} from '../../ingest/index.js'
import { jsonText, print } from '../output.js'
import { usageError } from '../usage.js'

const KINDS = ['neptune', 'mlflow', 'tensorboard', 'ultralytics'] as const

interface ImportFlags {
  project?: string
  files?: string
  json?: boolean
}

/** The progress callback: src/cli/progress.ts's bar on a TTY, plain lines otherwise (none with --json). */
function progressOf(json: boolean): { progress: ImportProgress; stop(): void } {
  if (json) return { progress: () => {}, stop: () => {} }
  let display: Progress | undefined
  return {
    // `done` runs are finished when run `run` starts
    progress: (done, total, run) => {
      display ??= startProgress('runs', total)
      if (run !== '') display.update(done + 1, run)
    },
    stop: () => display?.stop(),
  }
}

/** The summary lines of a report. */
export function reportLines(report: ImportReport): string[] {
  return [
    `imported ${report.created.length} run${report.created.length === 1 ? '' : 's'} (${report.points} points), ${report.unchanged.length} unchanged, ${report.skipped.length} skipped`,
    ...report.skipped.map(
      (s) =>
        `skipped  ${s.file}${s.row === undefined ? '' : `:${s.row}`}  ${s.code ? `[${s.code}] ` : ''}${s.reason}`,
    ),
  ]
}

/** Adds `import-from` to `program`. */
export function register(program: Command): void {
  program
    .command('import-from')
    .description('import runs from neptune-exporter Parquet, MLflow, TensorBoard or Ultralytics')
    .argument('<kind>', KINDS.join('|'))
    .argument('<src>', 'the dump, database, log or run directory')
    .option('--files <dir>', "neptune: the exporter's files path (default <src>/../files)")
    .option('--json', 'print the report as JSON')
    .action(async (kind: string, src: string, _options: unknown, command: Command) => {
      const flags = command.optsWithGlobals<ImportFlags>()
      if (!(KINDS as readonly string[]).includes(kind))
        throw usageError(`unknown import kind '${kind}'`, `Use one of: ${KINDS.join(', ')}.`)
      if (!flags.project)
        throw usageError(
          'import-from needs --project DIR',
          'Name the project directory to import into (it is created when missing).',
        )
      const project = openProject(resolve(flags.project))
      const { progress, stop } = progressOf(flags.json ?? false)
      const cancel = cancelOnSigint()
      try {
        const options = { progress, signal: cancel.signal }
        const report =
          kind === 'neptune'
            ? await importNeptune(project, src, {
                ...options,
                ...(flags.files ? { filesDir: flags.files } : {}),
              })
            : kind === 'mlflow'
              ? await importMlflow(project, src, options)
              : kind === 'tensorboard'
                ? await importTensorboard(project, src, options)
                : await importUltralytics(project, src, options)
        stop()
        print(flags.json ? jsonText(report) : reportLines(report).join('\n'))
      } finally {
        stop()
        cancel.dispose()
        project.close()
      }
    })
}
