/**
 * FileSeries fields: one stored file per step (images of predictions, plots, any file). Entries are kept
 * one row per entry in string_points, as JSON, through the run's writer like any series point, so steps
 * follow the same rules (strictly increasing; default last + 1).
 *
 * @example
 * await appendFile(run, 'images/pred', 'pred.png', { step: 3, description: 'epoch 3' }, Date.now())
 * lastEntry(run, 'images/pred')              // { step: 3, hash, size, mime: 'image/png', name: 'pred.png', … }
 * await downloadSeries(run, 'images/pred', 'out/')   // ['out/3-pred.png']
 */
import { extname, resolve } from 'node:path'
import { encodeJson, parseStored, type FileSeriesEntry, type StoredSeriesFile } from './entries.js'
import { fieldRow, objectsOf, type FileHost } from './host.js'
import { mimeOf } from './mime.js'
import { mapLimit } from './pool.js'
import { requireType } from './require.js'
import { safeJoin, safeName } from './safe-paths.js'
import { checkInput, putInput, type FileInput } from './source.js'
import { checkHash } from '../objects/layout.js'
import { readStringSeries } from '../runs/series-reads.js'

/** Options of appending a file to a series. */
export interface FileAppendOptions {
  /** The step (default: the last step + 1; 0 for the first entry). */
  step?: number
  /** A Date, or milliseconds since the epoch (default: now). */
  timestamp?: Date | number
  /** The name to record (default: the file's name; for a Buffer, the field's last segment). */
  name?: string
  description?: string
  /** Media type (default: guessed from the name). */
  mime?: string
}

/** An entry read back from a string_points row. */
export function decodeEntry(step: number, timestamp: number, value: string, path: string): FileSeriesEntry {
  const stored = parseStored<StoredSeriesFile>(value, `'${path}' at step ${step}`)
  return { ...stored, step, timestamp, kept: stored.kept !== false }
}

/**
 * Stores `input` and appends it to the FileSeries at `path` at `options.step` and `time` (ms). Like any
 * series point, an entry whose step is not increasing is dropped with a warning (or throws with strict).
 */
export async function appendFile(
  host: FileHost,
  path: string,
  input: FileInput,
  options: FileAppendOptions,
  time: number,
): Promise<void> {
  checkInput(input, 'appendFile')
  host.writer().checkClaim(path, 'FileSeries')
  const put = await putInput(host, input, options.name, path.split('/').pop())
  const entry: StoredSeriesFile = {
    hash: put.hash,
    size: put.size,
    mime: options.mime ?? mimeOf(put.name),
    name: put.name,
  }
  if (options.description !== undefined) entry.description = String(options.description)
  host.writer().appendString(path, encodeJson(entry), options.step, time, 'FileSeries')
}

/** The entries of the FileSeries at `path` with from <= step <= to, in step order. */
export function listEntries(
  host: FileHost,
  path: string,
  from = -Infinity,
  to = Infinity,
): FileSeriesEntry[] {
  requireType(path, fieldRow(host, path), 'FileSeries', 'list')
  // read through the fork lineage: a fork lists its parent's entries up to the fork step
  const points = host.database.read((db) => readStringSeries(db, host.rowId, path, from, to))
  return points.values.map((value, i) => decodeEntry(points.steps[i]!, points.timestamps[i]!, value, path))
}

/** The last entry of the FileSeries at `path` (undefined when it has none). */
export function lastEntry(host: FileHost, path: string): FileSeriesEntry | undefined {
  const row = requireType(path, fieldRow(host, path), 'FileSeries', 'fetchLast')
  if (row.lastStep === null) return undefined
  return listEntries(host, path, row.lastStep, row.lastStep)[0]
}

/** The file name an entry is downloaded as: `<step>` and the extension of the name it was logged with. */
export function entryFileName(entry: FileSeriesEntry): string {
  return `${entry.step}${extname(safeName(entry.name))}`
}

/**
 * Writes each kept entry of the FileSeries at `path` with from <= step <= to into `destDir` as
 * `<step>.<ext>` (the logged name stays in the entry); returns the paths written. Entries whose file a
 * checkpoint policy released are skipped.
 */
export async function downloadSeries(
  host: FileHost,
  path: string,
  destDir = '.',
  range: { from?: number; to?: number } = {},
): Promise<string[]> {
  const root = resolve(destDir)
  const store = objectsOf(host)
  const entries = listEntries(host, path, range.from, range.to).filter((e) => e.kept)
  return mapLimit(entries, 4, async (entry) => {
    const target = safeJoin(root, entryFileName(entry))
    await store.copyOut(checkHash(entry.hash, `'${path}' at step ${entry.step}`), target)
    return target
  })
}

/** Writes the last kept entry of the FileSeries at `path` into `destDir` as `<step>.<ext>`; its path, or undefined when none is kept. */
export async function downloadLastEntry(
  host: FileHost,
  path: string,
  destDir = '.',
): Promise<string | undefined> {
  const entry = listEntries(host, path)
    .filter((e) => e.kept)
    .at(-1)
  if (!entry) return undefined
  const target = safeJoin(resolve(destDir), entryFileName(entry))
  await objectsOf(host).copyOut(checkHash(entry.hash, `'${path}' at step ${entry.step}`), target)
  return target
}
