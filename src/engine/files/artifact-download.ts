/**
 * Downloading an Artifact: its tracked files are copied from where they were recorded to `dest`, at
 * their paths inside the artifact, and each copy is hashed: a file that changed since it was tracked is
 * refused (ARTIFACT_FILE_CHANGED) and its copy removed, a missing one is FILE_NOT_FOUND. Nothing comes
 * from the object store: an Artifact never copied the files in.
 *
 * @example
 * await downloadArtifact(run, 'datasets/train', 'restore/')   // ['restore/a.csv', 'restore/train/b.csv']
 */
import { copyFile, mkdir, rm } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { FileChangedError, inputError } from '../objects/errors.js'
import { hashFile } from '../objects/hash-file.js'
import { nodeIo } from '../objects/io.js'
import { fetchArtifactFiles } from './artifact.js'
import type { FileHost } from './host.js'
import { mapLimit } from './pool.js'
import { safeJoin } from './safe-paths.js'

/** Copies the files of the Artifact at `path` under `dest` (default: the working directory); returns the paths written. */
export async function downloadArtifact(host: FileHost, path: string, dest = '.'): Promise<string[]> {
  const root = resolve(dest)
  const files = fetchArtifactFiles(host, path)
  return mapLimit(files, 4, async (file) => {
    const target = safeJoin(root, file.path)
    await mkdir(dirname(target), { recursive: true })
    try {
      await copyFile(file.location, target)
    } catch (error) {
      throw inputError(error, file.location)
    }
    const digest = await hashFile(nodeIo, target)
    if (digest.hash !== file.hash || digest.size !== file.size) {
      await rm(target, { force: true })
      throw new FileChangedError(
        'ARTIFACT_FILE_CHANGED',
        `'${path}': ${file.location} changed since it was tracked (sha256 ${digest.hash.slice(0, 12)}…, tracked ${file.hash.slice(0, 12)}…)`,
        { hint: 'Track the files again with trackFiles() to record what they hold now.' },
      )
    }
    return target
  })
}
