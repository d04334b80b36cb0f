/**
 * `nereid import SRC INTO [--on-conflict fail|skip|replace]`: merges a project directory or an archive
 * made by `nereid export --tar` into the project INTO (created when it does not exist), by run uuid, as
 * project.import() does: importing the same thing twice changes nothing, and a copy that kept training
 * brings its new points. Progress on stderr (a bar on a terminal); Ctrl-C cancels with nothing written.
 *
 * @example
 * // $ nereid import /mnt/usb/demo.tar .nereid/demo
 * // $ nereid import ../laptop/.nereid/demo demo --on-conflict skip --json
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import { openProject, openWorkspace, type ImportReport, type OnConflict } from '../../index.js'
import { projectArgument } from '../open-project.js'
import { operationProgress } from '../operation-progress.js'
import { jsonText, print } from '../output.js'
import { usageError } from '../usage.js'

interface ImportFlags {
  onConflict: string
  json?: boolean
}

const CHOICES = ['fail', 'skip', 'replace']

/** The summary line of an import. */
export function importLine(report: ImportReport): string {
  const parts = [
    `${report.added.length} added`,
    `${report.merged.length} merged`,
    ...(report.replaced.length > 0 ? [`${report.replaced.length} replaced`] : []),
    ...(report.skipped.length > 0 ? [`${report.skipped.length} skipped`] : []),
  ]
  const renumbered = report.renumbered.map((r) => `${r.from} -> ${r.to}`).join(', ')
  return (
    `imported ${report.source}: ${parts.join(', ')}; ${report.points.toLocaleString('en')} points, ` +
    `${report.newObjects} new objects` +
    (renumbered === '' ? '' : `; re-numbered ${renumbered}`)
  )
}

/** INTO: an existing project (directory or workspace name), else a new project directory there. */
function targetDir(into: string): string {
  if (
    existsSync(join(into, 'project.db')) ||
    (!into.includes('/') && existsSync(join(openWorkspace().dir, into)))
  )
    return projectArgument(into)
  return into.includes('/') ? into : join(openWorkspace().dir, into)
}

/** Adds `import` to `program`. */
export function register(program: Command): void {
  program
    .command('import')
    .description('merge a project directory or an exported .tar into a project, by run uuid (idempotent)')
    .argument('<src>', 'a project directory, or an archive made by `nereid export --tar`')
    .argument('<into>', 'the project to merge into (directory or workspace name; created when missing)')
    .option('--on-conflict <what>', 'a run both hold that cannot be merged: fail, skip or replace', 'fail')
    .option('--json', 'print the report as JSON')
    .action(async (src: string, into: string, flags: ImportFlags) => {
      if (!CHOICES.includes(flags.onConflict))
        throw usageError(
          `--on-conflict must be one of ${CHOICES.join(', ')}, got '${flags.onConflict}'`,
          'Use --on-conflict skip to keep the runs this project has.',
        )
      const project = openProject(targetDir(into))
      const op = operationProgress('items')
      let report: ImportReport
      try {
        report = await project.import(src, {
          onConflict: flags.onConflict as OnConflict,
          signal: op.signal,
          ...(flags.json ? {} : { onProgress: op.onProgress }),
        })
      } finally {
        op.stop()
        project.close()
      }
      print(flags.json ? jsonText(report) : importLine(report))
    })
}
