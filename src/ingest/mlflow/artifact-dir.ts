/**
 * Finds a run's artifact directory on disk from its `artifact_uri`: the path itself for `file:` URIs and
 * plain paths, else `<root>/<experiment id>/<run uuid>/artifacts` beside the database (a copied or rsynced
 * mlruns/ keeps its layout but not its absolute paths). Remote URIs (s3:, mlflow-artifacts:) are not read.
 *
 * @example
 * artifactDir('file:///old/host/mlruns/0/ab12/artifacts', '/new/mlruns', '0', 'ab12')   // '/new/mlruns/0/ab12/artifacts'
 */
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory()

/** The artifact directory, or undefined when there is none on this disk. */
export function artifactDir(
  uri: string | null | undefined,
  mlrunsRoot: string,
  experimentId: string,
  runUuid: string,
): string | undefined {
  if (uri) {
    let path: string | undefined
    if (uri.startsWith('file:'))
      path = fileURLToPath(uri.startsWith('file:///') ? uri : uri.replace(/^file:/, 'file://'))
    else if (!/^[a-z][a-z0-9+.-]*:/i.test(uri)) path = uri
    if (path && isDir(path)) return path
  }
  const local = join(mlrunsRoot, experimentId, runUuid, 'artifacts')
  return isDir(local) ? local : undefined
}
