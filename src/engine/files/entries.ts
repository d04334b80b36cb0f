/**
 * What file fields store in project.db, as JSON: a File's `fields.text` is a FileInfo, a FileSet's is a
 * FileSetManifest, an Artifact's an ArtifactManifest, and each FileSeries entry (a `string_points` row)
 * is a FileInfo with an optional description and checkpoint details. docs/files.md documents these
 * shapes as part of the on-disk format.
 *
 * @example
 * encodeJson({ hash, size: 3, mime: 'text/plain', name: 'a.txt' })
 * parseStored<FileInfo>(row.text, "'model/weights'")
 */
import { CorruptDataError } from '../errors.js'

/** One stored file: what `field.fetch()` returns for a File. */
export interface FileInfo {
  /** sha256 of the content, lowercase hex: the object's name in objects/sha256/. */
  hash: string
  size: number
  mime: string
  /** The file's name when it was uploaded (never a path in the store). */
  name: string
}

/** One file of a FileSet. */
export interface FileSetMember {
  /** '/'-separated path inside the set, relative to the upload's cwd. */
  path: string
  hash: string
  size: number
  mime: string
}

/** A FileSet's stored value: its files, sorted by path. */
export interface FileSetManifest {
  files: FileSetMember[]
}

/** The stored JSON of one FileSeries entry (step and time are columns of the row). */
export interface StoredSeriesFile extends FileInfo {
  description?: string
  /** False once a checkpoint policy released the file (the object may then be gone after a gc). */
  kept?: boolean
  /** Checkpoints only: the metric values at this checkpoint, the policy, and the metric it ranks by. */
  metrics?: Record<string, number>
  keep?: KeepPolicy
  metric?: string
}

/** Which checkpoints keep their file: the best by a metric, the newest only, or all of them. */
export type KeepPolicy = 'lowest' | 'highest' | 'latest' | 'every'

/** One entry of a FileSeries, as read back. */
export interface FileSeriesEntry extends StoredSeriesFile {
  step: number
  /** Milliseconds since the epoch. */
  timestamp: number
  /** False when the file was released (see StoredSeriesFile.kept); true otherwise. */
  kept: boolean
}

/** One file an Artifact tracks (not copied into the store). */
export interface TrackedFile {
  /** '/'-separated path inside the artifact. */
  path: string
  size: number
  /** Modification time when it was hashed, in ms since the epoch. */
  mtime: number
  hash: string
  /** Where the file was, as an absolute path. */
  location: string
}

/** An Artifact's stored value. */
export interface ArtifactManifest {
  /** One hash for the whole set (see artifactHash in artifact-hash.ts). */
  hash: string
  files: TrackedFile[]
}

/** What `fetch()` returns for an Artifact: its hash, file count and total size. */
export interface ArtifactSummary {
  hash: string
  files: number
  size: number
}

/** JSON text of a stored value. */
export function encodeJson(value: object): string {
  return JSON.stringify(value)
}

/** Parses stored JSON; a CorruptDataError naming `where` if it does not parse to an object. */
export function parseStored<T>(text: string | null, where: string): T {
  try {
    const value: unknown = JSON.parse(text ?? '')
    if (typeof value === 'object' && value !== null) return value as T
  } catch {
    // reported below
  }
  throw new CorruptDataError(
    'CORRUPT_FILE_REFERENCE',
    `the stored file reference of ${where} is not valid JSON`,
    {
      hint: 'project.db was damaged or written by another tool; run `nereid verify` to list every damaged reference.',
    },
  )
}
