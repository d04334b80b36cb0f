/**
 * Values of field rows held outside project.db (the PostgreSQL hub keeps them as the project stored
 * them), decoded exactly as a local read decodes them: any field's value as `field.fetch()` gives it, a
 * File's info, a FileSet's members, an Artifact's manifest, a FileSeries entry, a checkpoint.
 *
 * @example
 * decodeFieldValue({ path: 'data/sample', type: 'File', num: 4, text, bits: null, last: null, lastBits: null })
 * // { hash: '9f86…', size: 4, mime: 'text/plain', name: 'w.txt' }
 * decodeFileSeriesEntry(3, 1733200000000, value, 'images/pred')   // { step: 3, timestamp, hash, kept: true, … }
 * checkpointOf('checkpoints/weights', entry)                        // { checkpoint: 'weights', step, metrics, keep, … }
 */
import { decodeRow, type FieldValue } from '../field-view.js'
import type { FieldCells } from '../fields/decode-cells.js'
import type { FieldRow } from '../fields/store.js'
import { decodeArtifact } from './artifact.js'
import { CHECKPOINTS, toCheckpoint, type Checkpoint } from './checkpoints.js'
import type { ArtifactManifest, FileInfo, FileSeriesEntry, FileSetMember } from './entries.js'
import { decodeFile } from './file.js'
import { decodeEntry } from './file-series.js'
import { decodeFileSet } from './file-set.js'

/** Where checkpoints live: FileSeries fields under this namespace (checkpoints/<name>). */
export const CHECKPOINT_NAMESPACE = CHECKPOINTS

/**
 * The value of a field row as `field.fetch()` gives it (atoms, sets, a series' last value, a File's info,
 * a FileSet's members, an Artifact's summary); throws where fetch() throws (a series with no points).
 */
export function decodeFieldValue(row: FieldCells & { path: string }): FieldValue {
  return decodeRow(row as unknown as FieldRow)
}

/** The info stored in a File row's text. */
export function decodeFileInfo(text: string | null, path: string): FileInfo {
  return decodeFile(text, path)
}

/** The members stored in a FileSet row's text, sorted by path. */
export function decodeFileSetMembers(text: string | null, path: string): FileSetMember[] {
  return decodeFileSet(text, path)
}

/** The manifest stored in an Artifact row's text (its hash and tracked files). */
export function decodeArtifactManifest(text: string | null, path: string): ArtifactManifest {
  return decodeArtifact(text, path)
}

/** A FileSeries entry from a string series point (step, time, JSON value). */
export function decodeFileSeriesEntry(
  step: number,
  timestamp: number,
  value: string,
  path: string,
): FileSeriesEntry {
  return decodeEntry(step, timestamp, value, path)
}

/** The checkpoint an entry of the checkpoint field `path` (checkpoints/<name>) is, as checkpoints.list() gives it. */
export function checkpointOf(path: string, entry: FileSeriesEntry): Checkpoint {
  return toCheckpoint(path.slice(CHECKPOINTS.length + 1), entry)
}
