/**
 * `nereid gc`: removes the objects no field refers to (project.gc()), once they are older than the grace
 * period (default one day), and temp files of interrupted copies. `--dry-run` lists them and removes
 * nothing. Opens the project writable: gc is the one command that changes a project.
 *
 * @example
 * // $ nereid gc --dry-run --grace 0     -> would remove  9f86d0…  1.2 MiB
 * // $ nereid gc --grace 2h --json       -> { "dryRun": false, "removed": [...], … }
 */
import { relative } from 'node:path'
import type { Command } from 'commander'
import { openProject, type GcReport } from '../../index.js'
import { cancelOnSigint } from '../cancel.js'
import { projectDir, type ProjectFlags } from '../open-project.js'
import { jsonText, note, print } from '../output.js'
import { usageError } from '../usage.js'
import { humanBytes } from './stats.js'

interface GcFlags extends ProjectFlags {
  dryRun?: boolean
  grace?: number
  json?: boolean
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}

/** '0' -> 0, '90000' -> 90000 (a bare number is milliseconds), '30s', '15m', '2h', '1d', '1w', '1.5h', '250ms'. */
export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?$/.exec(value.trim())
  const ms = match ? Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']!) : Number.NaN
  if (!Number.isSafeInteger(ms)) {
    throw usageError(
      `--grace takes a duration (30s, 15m, 2h, 1d, 1w) or milliseconds, got '${value}'`,
      'Write it like --grace 0 (remove every unreferenced object now) or --grace 2h.',
    )
  }
  return ms
}

/** 86400000 -> '1d', 5400000 -> '90m', 0 -> '0 ms'. */
export function durationText(ms: number): string {
  if (ms === 0) return '0 ms'
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const)
    if (ms % UNIT_MS[unit]! === 0) return `${ms / UNIT_MS[unit]!}${unit}`
  return `${ms} ms`
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** The summary line of a gc report (for stderr). */
export function gcSummary(report: GcReport): string {
  const kept = `${report.referenced} referenced, ${report.young} younger than the grace period (${durationText(report.graceMs)})`
  const objects = `${plural(report.removed.length, 'object')} (${humanBytes(report.removedBytes)})`
  const temps = plural(report.temps.length, 'temp file')
  if (report.removed.length === 0 && report.temps.length === 0) {
    const hint = report.young > 0 ? '; --grace 0 removes the young ones too' : ''
    return `nothing to remove: ${kept}${hint}`
  }
  if (report.dryRun) return `dry run: ${objects} and ${temps} would be removed, nothing was; kept ${kept}`
  return `removed ${objects} and ${temps}; kept ${kept}`
}

/** Adds `gc` to `program`. */
export function register(program: Command): void {
  program
    .command('gc')
    .description('remove objects no field refers to (older than the grace period); --dry-run lists them')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option(
      '--grace <duration>',
      'keep unreferenced objects younger than this: 30s, 15m, 2h, 1d, 1w, or milliseconds (default 1d)',
      parseDuration,
    )
    .option('--json', 'print the report as JSON')
    .action(async (_options: unknown, command: Command) => {
      const flags = command.optsWithGlobals<GcFlags>()
      const project = openProject(projectDir(flags))
      const cancel = cancelOnSigint()
      try {
        const report = await project.gc({
          dryRun: flags.dryRun ?? false,
          ...(flags.grace !== undefined ? { graceMs: flags.grace } : {}),
          signal: cancel.signal,
        })
        if (flags.json) return print(jsonText(report))
        const verb = report.dryRun ? 'would remove' : 'removed'
        const lines = [
          ...report.removed.map((o) => `${verb}  ${o.hash}  ${humanBytes(o.size)}`),
          ...report.temps.map((t) => `${verb}  ${relative(project.dir, t.path)}  ${humanBytes(t.size)}`),
        ]
        if (lines.length > 0) print(lines.join('\n'))
        note(gcSummary(report))
      } finally {
        cancel.dispose()
        project.close()
      }
    })
}
