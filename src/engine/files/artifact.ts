/**
 * Artifact fields (Neptune's track_files): files recorded by relative path, size, mtime and sha256
 * without being copied into the store — a dataset on a shared disk, a model directory. `fetchHash` gives
 * one hash for the whole set, so two runs that trained on the same data show the same hash.
 *
 * @example
 * await trackFiles(run, 'datasets/train', 'data/train', {})      // a directory: every file under it
 * fetchArtifactHash(run, 'datasets/train')                        // '5d0c…'
 * fetchArtifactFiles(run, 'datasets/train')                       // [{ path: 'a.csv', size, mtime, hash, location }]
 */
import fg from 'fast-glob'
import { stat } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { InvalidValueError } from '../errors.js'
import { hashFile } from '../objects/hash-file.js'
import { inputError } from '../objects/errors.js'
import { nodeIo } from '../objects/io.js'
import { artifactHash, sortByPath } from './artifact-hash.js'
import {
  encodeJson,
  parseStored,
  type ArtifactManifest,
  type ArtifactSummary,
  type TrackedFile,
} from './entries.js'
import { expandGlobs, type GlobResult } from './glob.js'
import { fieldRow, warn, type FileHost } from './host.js'
import { mapLimit } from './pool.js'
import { requireType } from './require.js'
import { isSafeRelative } from './safe-paths.js'

/** Options of trackFiles(). */
export interface TrackFilesOptions {
  /** A '/'-separated directory inside the artifact to put the files under (default: its root). */
  destination?: string
  /** What a relative path or glob is relative to (default: process.cwd()). */
  cwd?: string
}

/** The files a path or glob names: a directory's files, one file, or a glob's matches. */
async function resolveTargets(pathOrGlob: string, cwd: string): Promise<GlobResult> {
  const abs = resolve(cwd, pathOrGlob)
  try {
    const found = await stat(abs)
    if (found.isDirectory()) return expandGlobs(['**'], abs)
    if (found.isFile()) return { files: [{ abs, rel: basename(abs) }], directories: 0 }
  } catch (error) {
    if (!fg.isDynamicPattern(pathOrGlob)) throw inputError(error, abs)
  }
  return expandGlobs([pathOrGlob], cwd)
}

function checkDestination(destination: string | undefined): string {
  if (destination === undefined) return ''
  const clean = typeof destination === 'string' ? destination.replace(/\/+$/, '') : ''
  if (!isSafeRelative(clean)) {
    throw new InvalidValueError(
      'INVALID_DESTINATION',
      `destination ${JSON.stringify(destination)} is not a relative '/'-separated path`,
      {
        hint: "Use something like 'train' or 'images/val' (no leading '/', no '..').",
      },
    )
  }
  return `${clean}/`
}

function fromFileUrl(path: string, url: string): string {
  try {
    return fileURLToPath(url)
  } catch (error) {
    throw new InvalidValueError('INVALID_VALUE', `trackFiles('${path}'): ${url} is not a local file URL`, {
      hint: 'Write file:///absolute/path (three slashes), or pass the path itself.',
      cause: error,
    })
  }
}

/** The manifest stored in an Artifact row's text. */
export function decodeArtifact(text: string | null, path: string): ArtifactManifest {
  return parseStored<ArtifactManifest>(text, `'${path}'`)
}

/**
 * Hashes the files `pathOrGlob` names (a file, every file under a directory, or a glob's matches) and
 * records them in the Artifact at `path`, replacing entries with the same path; nothing is copied.
 * Returns the artifact's manifest. A glob or directory with no file warns (GLOB_NO_MATCH).
 */
export async function trackFiles(
  host: FileHost,
  path: string,
  pathOrGlob: string,
  options: TrackFilesOptions = {},
): Promise<ArtifactManifest> {
  if (typeof pathOrGlob !== 'string' || pathOrGlob.length === 0) {
    throw new InvalidValueError(
      'INVALID_VALUE',
      `trackFiles('${path}') takes a path or a glob, got ${JSON.stringify(pathOrGlob)}`,
      {
        hint: "Pass a file, a directory or a glob such as 'data/**/*.csv'.",
      },
    )
  }
  const prefix = checkDestination(options.destination)
  host.writer().checkClaim(path, 'Artifact')
  // a file:// URL names a local path (Neptune's track_files takes them); other schemes are not local
  const local = pathOrGlob.startsWith('file://') ? fromFileUrl(path, pathOrGlob) : pathOrGlob
  const { files } = await resolveTargets(local, resolve(options.cwd ?? process.cwd()))
  if (files.length === 0)
    warn(host, {
      code: 'GLOB_NO_MATCH',
      path,
      message: `trackFiles('${path}'): ${JSON.stringify(pathOrGlob)} names no file`,
    })
  const tracked = await mapLimit(files, 4, async (file): Promise<TrackedFile> => {
    const digest = await hashFile(nodeIo, file.abs)
    return {
      path: prefix + file.rel,
      size: digest.size,
      mtime: digest.mtimeMs,
      hash: digest.hash,
      location: file.abs,
    }
  })
  const row = fieldRow(host, path)
  const before = row ? decodeArtifact(requireType(path, row, 'Artifact', 'trackFiles').text, path).files : []
  const byPath = new Map(before.map((f) => [f.path, f]))
  for (const file of tracked) byPath.set(file.path, file)
  const all = sortByPath([...byPath.values()])
  const manifest: ArtifactManifest = { hash: artifactHash(all), files: all }
  host.writer().assignAtom(path, 'Artifact', {
    num: all.reduce((s, f) => s + f.size, 0),
    text: encodeJson(manifest),
    bits: null,
  })
  return manifest
}

function manifestOf(host: FileHost, path: string, method: string): ArtifactManifest {
  return decodeArtifact(requireType(path, fieldRow(host, path), 'Artifact', method).text, path)
}

/** The one hash of the Artifact at `path`. */
export function fetchArtifactHash(host: FileHost, path: string): string {
  return manifestOf(host, path, 'fetchHash').hash
}

/** The files the Artifact at `path` tracks, sorted by path. */
export function fetchArtifactFiles(host: FileHost, path: string): TrackedFile[] {
  return manifestOf(host, path, 'fetchFilesList').files
}

/** An Artifact's summary (what fetch() returns) from its stored text. */
export function summarizeArtifact(text: string | null, path: string): ArtifactSummary {
  const { hash, files } = decodeArtifact(text, path)
  return { hash, files: files.length, size: files.reduce((s, f) => s + f.size, 0) }
}
