/**
 * Checkpoints (Datature's artifacts): a model file saved at a step with a snapshot of metrics, under a
 * keep policy. Each checkpoint name is a FileSeries at `checkpoints/<name>`; an entry records the file,
 * its metrics, the policy and whether its file is still kept. A checkpoint that a 'lowest'/'highest'
 * policy would not keep is not copied at all; older files a policy no longer keeps are released (their
 * entry stays, marked `kept: false`, and `gc` reclaims the object).
 *
 * @example
 * await checkpoint(run, 'weights', 'out/w.pt', { step: 5, metrics: { 'val/loss': 0.3 }, keep: 'lowest', metric: 'val/loss' })
 * listCheckpoints(run)           // [{ name: 'weights', step: 5, kept: true, metrics: { 'val/loss': 0.3 }, … }]
 * bestCheckpoint(run)            // the kept checkpoint with the lowest val/loss
 */
import { basename, resolve } from 'node:path'
import { InvalidValueError, StepOrderError } from '../errors.js'
import { fieldsUnder } from '../fields/store.js'
import { toMs } from '../fields/time.js'
import { rejectUnknownKeys } from '../options.js'
import { checkPath } from '../fields/paths.js'
import { statInput } from '../objects/input.js'
import { nodeIo } from '../objects/io.js'
import { encodeJson, type FileSeriesEntry, type KeepPolicy, type StoredSeriesFile } from './entries.js'
import { entriesAt, release } from './checkpoint-entries.js'
import type { FileHost } from './host.js'
import { mimeOf } from './mime.js'
import { bestEntry, improves } from './retention.js'
import { safeName } from './safe-paths.js'
import { checkInput, putInput, type FileInput } from './source.js'

/** The namespace checkpoints live in. */
export const CHECKPOINTS = 'checkpoints'

/** Options of checkpoint(). */
export interface CheckpointOptions {
  /** The step (default: the name's last step + 1, or 0). Must be greater than the last checkpoint's. */
  step?: number
  /** Metric values at this checkpoint, e.g. { 'val/loss': 0.3 }. */
  metrics?: Readonly<Record<string, number>>
  /** Which files to keep (default 'every'). */
  keep?: KeepPolicy
  /** The metric 'lowest' / 'highest' rank by (a key of `metrics`). */
  metric?: string
  timestamp?: Date | number
  /** Name to record (default: the file's name). */
  name?: string
  mime?: string
  description?: string
}

const KEYS = ['step', 'metrics', 'keep', 'metric', 'timestamp', 'name', 'mime', 'description']
const POLICIES: readonly KeepPolicy[] = ['lowest', 'highest', 'latest', 'every']

/** One checkpoint as listed. */
export interface Checkpoint extends Omit<FileSeriesEntry, 'hash'> {
  /** The checkpoint name ('weights' for checkpoints/weights). */
  checkpoint: string
  /** Null only in checkpoint()'s answer for a checkpoint that was not stored. */
  hash: string | null
  metrics: Record<string, number>
  keep: KeepPolicy
}

function invalid(message: string, hint: string): never {
  throw new InvalidValueError('INVALID_CHECKPOINT', message, { hint })
}

function checkOptions(
  name: string,
  options: CheckpointOptions,
): { keep: KeepPolicy; metrics: Record<string, number>; metric: string | undefined } {
  rejectUnknownKeys(options, KEYS, 'checkpoint options')
  const keep = options.keep ?? 'every'
  if (!POLICIES.includes(keep))
    invalid(
      `keep must be one of ${POLICIES.join(', ')}; got ${JSON.stringify(keep)}`,
      "Use keep: 'lowest' with metric: 'val/loss', keep: 'latest', or keep: 'every'.",
    )
  const metrics = { ...(options.metrics ?? {}) }
  for (const [key, value] of Object.entries(metrics)) {
    if (typeof value !== 'number')
      invalid(
        `metric '${key}' of checkpoint '${name}' is ${typeof value}, not a number`,
        'Pass numbers in metrics, e.g. { "val/loss": 0.31 }.',
      )
  }
  const metric = options.metric
  if (keep === 'lowest' || keep === 'highest') {
    if (typeof metric !== 'string')
      invalid(
        `keep: '${keep}' needs metric: the name of the metric to rank by`,
        `Add metric: 'val/loss' (a key of metrics) to the options.`,
      )
    if (!(metric in metrics))
      invalid(
        `metric '${metric}' is not in this checkpoint's metrics (${Object.keys(metrics).join(', ') || 'none'})`,
        `Pass metrics: { '${metric}': value } with every checkpoint.`,
      )
  }
  return { keep, metrics, metric }
}

function fieldPath(name: string): string {
  if (typeof name !== 'string' || name.length === 0)
    invalid('a checkpoint needs a name, like "weights"', "Call checkpoint('weights', path, options).")
  return checkPath(`${CHECKPOINTS}/${name}`, 'write')
}

export function toCheckpoint(name: string, entry: FileSeriesEntry): Checkpoint {
  return { ...entry, checkpoint: name, metrics: entry.metrics ?? {}, keep: entry.keep ?? 'every' }
}

function nextStep(entries: readonly FileSeriesEntry[], step: number | undefined, name: string): number {
  const last = entries.at(-1)?.step
  if (step === undefined) return last === undefined ? 0 : last + 1
  if (typeof step !== 'number' || !Number.isFinite(step))
    invalid(
      `step ${String(step)} of checkpoint '${name}' is not a finite number`,
      'Pass the training step, or leave it out.',
    )
  if (last !== undefined && step <= last) {
    throw new StepOrderError(
      'STEP_NOT_INCREASING',
      `checkpoint '${name}': step ${step} is not greater than the last checkpoint's step ${last}`,
      {
        hint: 'Checkpoints of one name take increasing steps; nothing was copied. Use another name for a second training phase.',
      },
    )
  }
  return step
}

/**
 * Saves the file `input` (a path or bytes) as checkpoint `name` at a step, with its metrics, under a
 * keep policy; returns the checkpoint (kept: false, hash: null when the policy did not store it).
 */
export async function checkpoint(
  host: FileHost,
  name: string,
  input: FileInput,
  options: CheckpointOptions = {},
): Promise<Checkpoint> {
  const path = fieldPath(name)
  const { keep, metrics, metric } = checkOptions(name, options)
  checkInput(input, 'checkpoint')
  host.writer().checkClaim(path, 'FileSeries')
  const time = toMs(options.timestamp, path)
  const fileName = safeName(options.name ?? (typeof input === 'string' ? basename(input) : name))
  const value = metric === undefined ? undefined : metrics[metric]
  const before = entriesAt(host, path)
  let step = nextStep(before, options.step, name)
  const base = {
    checkpoint: name,
    step,
    timestamp: time,
    name: fileName,
    mime: options.mime ?? mimeOf(fileName),
    metrics,
    keep,
    ...(metric === undefined ? {} : { metric }),
  }
  const skipped = (size: number): Checkpoint => ({ ...base, step, hash: null, size, kept: false })
  if (!improves(before, keep, metric, value)) {
    return skipped(
      typeof input === 'string' ? Number((await statInput(nodeIo, resolve(input))).size) : input.byteLength,
    )
  }
  const put = await putInput(host, input, fileName)
  // From here on synchronous: decide again against what landed while the file was copied (the object
  // of a checkpoint not kept after all is unreferenced, and gc removes it).
  const now = entriesAt(host, path)
  if (options.step === undefined) step = nextStep(now, undefined, name)
  else nextStep(now, options.step, name)
  if (!improves(now, keep, metric, value)) return skipped(put.size)
  const stored: StoredSeriesFile = {
    hash: put.hash,
    size: put.size,
    mime: base.mime,
    name: fileName,
    metrics,
    keep,
    ...(metric === undefined ? {} : { metric }),
    kept: true,
  }
  if (options.description !== undefined) stored.description = String(options.description)
  host.writer().appendString(path, encodeJson(stored), step, time, 'FileSeries')
  host.sync()
  release(host, path, keep, metric)
  const landed = entriesAt(host, path).find((e) => e.step === step && e.hash === put.hash)
  return landed ? toCheckpoint(name, landed) : { ...base, step, hash: put.hash, size: put.size, kept: false }
}

/** Every checkpoint of the run (or of checkpoint `name`), by name then step, released ones included. */
export function listCheckpoints(host: FileHost, name?: string): Checkpoint[] {
  host.sync()
  const prefix = name === undefined ? CHECKPOINTS : fieldPath(name)
  const rows = host.database
    .read((db) => fieldsUnder(db, host.rowId, prefix))
    .filter((r) => r.type === 'FileSeries')
  return rows.flatMap((row) => {
    const checkpointName = row.path.slice(CHECKPOINTS.length + 1)
    return entriesAt(host, row.path).map((e) => toCheckpoint(checkpointName, e))
  })
}

/**
 * The best kept checkpoint of `name` (or of the run's only checkpoint name): by its metric for
 * 'lowest'/'highest', else the newest kept one. Undefined when there is none.
 */
export function bestCheckpoint(host: FileHost, name?: string): Checkpoint | undefined {
  const all = listCheckpoints(host, name)
  const names = [...new Set(all.map((c) => c.checkpoint))]
  if (names.length > 1) {
    invalid(
      `the run has several checkpoint names (${names.join(', ')}); best() needs one`,
      `Call checkpoints.best('${names[0]}').`,
    )
  }
  const entries = all.filter((c) => c.kept)
  const last = all.at(-1)
  if (!last) return undefined
  if ((last.keep === 'lowest' || last.keep === 'highest') && last.metric !== undefined) {
    const best = bestEntry(entries as FileSeriesEntry[], last.keep, last.metric)
    return best as Checkpoint | undefined
  }
  return entries.at(-1)
}
