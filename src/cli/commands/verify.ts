/**
 * `nereid verify`: re-hashes every object of the project and checks every file reference
 * (project.verify()). Prints one line per problem — corrupt objects, missing objects, invalid references —
 * and exits 1 (error VERIFY_FAILED) when there is any; otherwise prints "ok: N objects, M references".
 * It runs beside writers, as a recorded operation (`nereid ops`) with progress on stderr and Ctrl-C
 * cancelling; a project this user may not write is verified read-only, unrecorded.
 *
 * @example
 * // $ nereid verify            -> ok: 12 objects, 15 references
 * // $ nereid verify --json     -> the VerifyReport; exit 1 unless "ok": true
 */
import { accessSync, constants } from 'node:fs'
import { join, relative } from 'node:path'
import type { Command } from 'commander'
import {
  CorruptDataError,
  openProject,
  PROJECT_DB,
  type ObjectReference,
  type ReadonlyProject,
  type VerifyReport,
} from '../../index.js'
import { operationProgress } from '../operation-progress.js'
import { projectDir, type ProjectFlags } from '../open-project.js'
import { jsonText, note, print } from '../output.js'

interface VerifyFlags extends ProjectFlags {
  json?: boolean
}

// A reference's run and path come from project.db: a stored name must not drive the terminal.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g

function where(reference: ObjectReference): string {
  const step = reference.step === undefined ? '' : ` step ${reference.step}`
  return `${reference.run} ${reference.path}${step}`.replace(CONTROL, '·')
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** One line per problem of `report`; paths relative to the project directory `dir`. */
export function problemLines(report: VerifyReport, dir: string): string[] {
  return [
    ...report.corrupt.map((c) => {
      const what = c.actual.startsWith('unreadable')
        ? `cannot be read (${c.actual.replace(/^unreadable:\s*/, '')})`
        : `hashes to ${c.actual}`
      return `corrupt  ${c.hash}  ${relative(dir, c.path)} ${what}`.replace(CONTROL, '·')
    }),
    ...report.missing.map((m) => `missing  ${m.hash}  referenced by ${where(m)}`),
    ...report.invalid.map(
      (i) => `invalid  ${JSON.stringify(i.hash).replace(CONTROL, '·')}  referenced by ${where(i)}`,
    ),
  ]
}

/** The number of references verify checked, when the report carries it. */
function referenceCount(report: VerifyReport): number | undefined {
  const count = (report as VerifyReport & { references?: unknown }).references
  return typeof count === 'number' ? count : undefined
}

/** The line printed when nothing is wrong. */
export function okLine(report: VerifyReport): string {
  const references = referenceCount(report)
  // Without a reference count, say how many objects are referenced (every reference was found).
  const refs =
    references !== undefined
      ? plural(references, 'reference')
      : `${report.objects - report.unreferenced} referenced`
  return `ok: ${plural(report.objects, 'object')}, ${refs}`
}

/** The error that makes a failed verification exit 1. */
export function verifyFailed(report: VerifyReport): CorruptDataError {
  const parts = [
    report.corrupt.length > 0 ? plural(report.corrupt.length, 'corrupt object') : '',
    report.missing.length > 0 ? plural(report.missing.length, 'reference') + ' to a missing object' : '',
    report.invalid.length > 0 ? plural(report.invalid.length, 'invalid reference') : '',
  ].filter((p) => p !== '')
  return new CorruptDataError('VERIFY_FAILED', `verify found ${parts.join(', ')}`, {
    hint: 'Nothing was changed. Restore the listed objects (objects/sha256/…) from a backup, or delete the fields that refer to them; gc never removes a referenced object.',
  })
}

/** Whether this process may write the project at `dir` (then its verify is recorded as an operation). */
function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK)
    accessSync(join(dir, PROJECT_DB), constants.W_OK)
    return true
  } catch {
    return false
  }
}

/** Adds `verify` to `program`. */
export function register(program: Command): void {
  program
    .command('verify')
    .description('re-hash every object and check every file reference; exit 1 on any corrupt or missing one')
    .option('--json', 'print the report as JSON')
    .action(async (_options: unknown, command: Command) => {
      const flags = command.optsWithGlobals<VerifyFlags>()
      const dir = projectDir(flags)
      const project: ReadonlyProject = writable(dir) ? openProject(dir) : openProject(dir, { readonly: true })
      const op = operationProgress('objects hashed')
      try {
        const report = await project.verify({
          signal: op.signal,
          ...(flags.json ? {} : { onProgress: op.onProgress }),
        })
        if (flags.json) print(jsonText(report))
        else {
          if (report.strays.length > 0)
            note(
              `${plural(report.strays.length, 'stray file')} under objects/ (not objects, left alone): ${report.strays.map((s) => relative(project.dir, s)).join(', ')}`,
            )
          if (report.ok) print(okLine(report))
          else print(problemLines(report, project.dir).join('\n'))
        }
        if (!report.ok) throw verifyFailed(report)
      } finally {
        op.stop()
        project.close()
      }
    })
}
