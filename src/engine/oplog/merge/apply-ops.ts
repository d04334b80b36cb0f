/**
 * Applying checked oplog operations to a project through the Run API: a run start becomes
 * `importRun({ uuid, sys })` (so the run's uuid is the writer's), an assign `run.assign`, a series batch
 * `field.extend(values, { steps, timestamps })` (floats, strings or histograms), a set edit `add`/`remove`, a file reference
 * `field.upload(objects/…)` of the blob the writer already stored. Runs are opened per batch and closed
 * (flushed) before the batch's transaction commits.
 *
 * @example
 * const batch = new OpApplier(host, report)
 * batch.apply(line)          // inside host.cursors.advance(…)
 * batch.close()
 */
import { join } from 'node:path'
import type { Run } from '../../run.js'
import type { ImportRunOptions } from '../../runs/import-run.js'
import type { OplogCursors } from '../cursors.js'
import { decodeAtomValue, decodeFloat, decodeHistogramValue, type OplogLine } from '../format.js'
import type { MergeReport } from './report.js'

/** What a merge needs of the project it merges into (Project hands itself over; no import cycle). */
export interface MergeHost {
  readonly dir: string
  readonly cursors: OplogCursors
  importRun(options: ImportRunOptions): { run: Run; created: boolean }
}

/** The path of the object with sha256 `hash` in the project at `dir` (docs/format.md). */
export function objectFile(dir: string, hash: string): string {
  return join(dir, 'objects', 'sha256', hash.slice(0, 2), hash)
}

/** Applies the operations of one batch. */
export class OpApplier {
  readonly #runs = new Map<string, Run>()

  constructor(
    readonly host: MergeHost,
    readonly report: MergeReport,
  ) {}

  /** The run with `uuid`, opened for this batch (created bare when its start line was never seen). */
  run(uuid: string): Run {
    let run = this.#runs.get(uuid)
    if (!run) {
      const opened = this.host.importRun({ uuid })
      if (opened.created) this.report.created.push(opened.run.id)
      this.#runs.set(uuid, (run = opened.run))
    }
    return run
  }

  /** Applies one line; throws (a typed error) when the project refuses it. */
  apply(line: OplogLine): void {
    switch (line.op) {
      case 'run': {
        const sys = line.sys
        const opened = this.host.importRun({
          uuid: line.run,
          sys: {
            name: sys.name,
            description: sys.description,
            tags: sys.tags,
            customRunId: sys.customRunId,
            hostname: sys.hostname,
            creationTime: sys.creationTime === undefined ? undefined : new Date(sys.creationTime),
          },
          experiment: line.experiment,
        })
        if (opened.created) this.report.created.push(opened.run.id)
        else {
          // a resume by custom run id: what this session set on start
          if (sys.tags?.length) opened.run.tags.add(sys.tags)
          if (sys.name !== undefined) opened.run.assign('sys/name', sys.name)
          if (sys.description !== undefined) opened.run.assign('sys/description', sys.description)
        }
        this.#runs.get(line.run)?.close()
        this.#runs.set(line.run, opened.run)
        return
      }
      case 'assign': {
        const value = decodeAtomValue(line.type, line.value)
        if (value === undefined)
          throw new TypeError(`assign of '${line.path}': ${JSON.stringify(line.value)} is not a ${line.type}`)
        this.run(line.run).assign(line.path, value)
        return
      }
      case 'floats':
        this.run(line.run)
          .field(line.path)
          .extend(
            line.values.map((v) => decodeFloat(v) ?? NaN),
            { steps: line.steps, timestamps: line.timestamps },
          )
        this.report.points += line.values.length
        return
      case 'strings':
        this.run(line.run)
          .field(line.path)
          .extend(line.values, { steps: line.steps, timestamps: line.timestamps })
        this.report.points += line.values.length
        return
      case 'histograms':
        this.run(line.run)
          .field(line.path)
          .extend(
            line.values.map((v) => decodeHistogramValue(v)!), // parse-line checked the shape
            { steps: line.steps, timestamps: line.timestamps },
          )
        this.report.points += line.values.length
        return
      case 'set': {
        const field = this.run(line.run).field(line.path)
        if (line.add.length) field.add(line.add)
        if (line.remove.length) field.remove(line.remove)
        return
      }
      case 'close':
        this.run(line.run).events.append('oplog_closed', null)
        return
      case 'end': // the writer closed its file: the cursor records it, nothing to apply
        return
      case 'file':
        throw new TypeError('file operations are applied outside a batch (applyFile)')
    }
  }

  /** Stores the blob a `file` line names as its field's File (idempotent: the same file again). */
  async applyFile(line: Extract<OplogLine, { op: 'file' }>): Promise<void> {
    const run = this.run(line.run)
    await run
      .field(line.path)
      .upload(objectFile(this.host.dir, line.hash), line.name === undefined ? {} : { name: line.name })
  }

  /** Closes (flushes) the runs of this batch. */
  close(): void {
    for (const run of this.#runs.values()) run.close()
    this.#runs.clear()
  }
}
