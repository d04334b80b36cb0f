/**
 * `nereid merge PROJECT`: applies the oplog files in PROJECT/inbox/ to project.db (creating it when
 * missing) — every complete line not applied before, exactly once — and prints what it did and every
 * line it skipped. Exit code 1 when a line was skipped.
 *
 * @example
 * // $ nereid merge /lustre/team/proj
 * // merged 3 files: 1204 lines, 640000 points, 2 runs created
 * // skipped h-1-ab.oplog.jsonl @ 88210 (seq 17): not JSON
 */
import type { Command } from 'commander'
import { openProject, type MergeReport } from '../../index.js'
import { jsonText, note, print } from '../output.js'

/** The lines `nereid merge` and `nereid watch` print for a report. */
export function mergeLines(report: MergeReport): string[] {
  const lines = [
    `merged ${report.files} file${report.files === 1 ? '' : 's'}: ${report.lines} lines, ${report.points} points, ${report.created.length} runs created${report.pendingBytes ? `, ${report.pendingBytes} bytes of incomplete lines left` : ''}`,
  ]
  for (const s of report.skipped)
    lines.push(
      `skipped ${s.file} @ ${s.offset}${s.seq === undefined ? '' : ` (seq ${s.seq})`}${s.run === undefined ? '' : ` in ${s.run}`}: ${s.reason}`,
    )
  return lines
}

/** Adds `merge` to `program`. */
export function register(program: Command): void {
  program
    .command('merge')
    .description('apply the oplog files in PROJECT/inbox/ to project.db, each line exactly once')
    .argument('<project>', 'the project directory')
    .option('--json', 'print the report as JSON')
    .action(async (dir: string, flags: { json?: boolean }) => {
      const project = openProject(dir, { mode: 'db' })
      try {
        const report = await project.merge()
        if (flags.json) print(jsonText(report))
        else for (const line of mergeLines(report)) note(line)
        if (report.skipped.length > 0) process.exitCode = 1
      } finally {
        project.close()
      }
    })
}
