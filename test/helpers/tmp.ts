/** Temporary project directories on the real disk, removed after each test file. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

const made: string[] = []

/** A fresh empty directory under the OS temp dir. */
export function tempDir(prefix = 'nereid-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

/** A path for a project that does not exist yet. */
export function tempProjectDir(name = 'proj'): string {
  return join(tempDir(), name)
}

afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
})
