/**
 * The version of the installed Nereid, read from its package.json (found by walking up from this file,
 * which works from dist/ as from src/).
 *
 * @example
 * packageVersion()   // '0.1.0'
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The "version" of the nearest package.json named nereid, or 'unknown'. */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string
        version?: string
      }
      if (pkg.name === 'nereid' && pkg.version) return pkg.version
    } catch {
      // no package.json at this level
    }
    dir = dirname(dir)
  }
  return 'unknown'
}
