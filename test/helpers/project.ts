/** Projects in temporary directories, closed (and removed) after each test file. */
import { afterAll } from 'vitest'
import { openProject, type Project, type ProjectOptions } from '../../src/index.js'
import { tempProjectDir } from './tmp.js'

// These tests are about the engine core; capture (stdout, hardware, source…) has its own tests, and
// capturing the test runner's own stdout would only add noise. Child-process tests keep the defaults.
process.env.NEREID_CAPTURE ??= '0'

const opened: Project[] = []

/** Opens `dir` as a project and closes it after the test file (closing twice is harmless). */
export function track(project: Project): Project {
  opened.push(project)
  return project
}

/** A new project in a fresh temporary directory; `name` is the directory name (and so the run id key). */
export function tempProject(options: ProjectOptions & { readonly?: false } = {}, name = 'proj'): Project {
  return track(openProject(tempProjectDir(name), { onWarning: () => {}, ...options }))
}

/** Reopens the project at `dir` (after a close) and tracks it. */
export function reopen(dir: string, options: ProjectOptions & { readonly?: false } = {}): Project {
  return track(openProject(dir, { onWarning: () => {}, ...options }))
}

/** Calls `fn` and returns what it threw (failing the test when it throws nothing). */
export function thrown(fn: () => unknown): Error & { code?: string; hint?: string } {
  try {
    fn()
  } catch (error) {
    return error as Error & { code?: string; hint?: string }
  }
  throw new Error('expected the call to throw')
}

afterAll(() => {
  for (const project of opened.reverse()) {
    try {
      project.close()
    } catch {
      // already closed
    }
  }
})

/** Awaits `promise` and returns what it rejected with (failing the test when it resolves). */
export async function rejected(promise: Promise<unknown>): Promise<Error & { code?: string; hint?: string }> {
  return promise.then(
    () => {
      throw new Error('expected the promise to reject')
    },
    (error: Error & { code?: string; hint?: string }) => error,
  )
}
