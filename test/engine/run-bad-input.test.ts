/**
 * Bad input at the run and project level: typed errors for openProject's directory, startRun's values
 * (leaving no run behind), writes on a closed run, deletes of sys/ fields, and the read-only project's type.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  InvalidOptionError,
  NotFoundError,
  openProject,
  openWorkspace,
  ReadOnlyError,
  type ReadonlyProject,
} from '../../src/index.js'
import { tempProject, thrown } from '../helpers/project.js'
import { tempDir, tempProjectDir } from '../helpers/tmp.js'

describe('openProject(dir)', () => {
  it('refuses a number with INVALID_PROJECT_DIR', () => {
    const error = thrown(() => openProject(123 as never))
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect(error.code).toBe('INVALID_PROJECT_DIR')
  })

  it("refuses '' instead of creating project.db in the working directory", () => {
    const error = thrown(() => openProject(''))
    expect(error.code).toBe('INVALID_PROJECT_DIR')
    expect(error.hint).toMatch(/'\.'/)
  })

  it('refuses a regular file with NOT_A_DIRECTORY', () => {
    const file = join(tempDir(), 'project.db')
    writeFileSync(file, 'x')
    const error = thrown(() => openProject(file))
    expect(error).toBeInstanceOf(NotFoundError)
    expect(error.code).toBe('NOT_A_DIRECTORY')
    expect(error.hint).toMatch(/directory that holds project\.db/)
  })
})

describe('startRun: bad values leave no run behind', () => {
  it.each([
    ['name', { name: 42 }],
    ['description', { description: {} }],
    ['tags', { tags: [1, 2] }],
    ['tags (not an array)', { tags: 'a' }],
  ])('%s of the wrong kind is INVALID_OPTION and creates no run', (_, options) => {
    const project = tempProject()
    const error = thrown(() => project.startRun(options as never))
    expect(error).toBeInstanceOf(InvalidOptionError)
    expect(error.code).toBe('INVALID_OPTION')
    expect(project.runs.list()).toEqual([])
  })

  it('a tag with a lone surrogate is refused and creates no run', () => {
    const project = tempProject()
    expect(thrown(() => project.startRun({ tags: ['\ud800'] })).code).toBe('INVALID_STRING')
    expect(project.runs.list()).toEqual([])
  })
})

describe('a closed run', () => {
  it('refuses events.append() with RUN_CLOSED', () => {
    const run = tempProject().startRun()
    run.close()
    const error = thrown(() => run.events.append('late', null))
    expect(error).toBeInstanceOf(ReadOnlyError)
    expect(error.code).toBe('RUN_CLOSED')
    expect(run.events.list().map((e) => e.type)).not.toContain('late')
  })

  it('refuses fail(err) with RUN_CLOSED and leaves sys/failed false', () => {
    const run = tempProject().startRun()
    run.close()
    expect(thrown(() => run.fail(new Error('late'))).code).toBe('RUN_CLOSED')
    expect(run.field('sys/failed').fetch()).toBe(false)
  })

  it('still records its closed event on close()', () => {
    const run = tempProject().startRun()
    run.close()
    expect(run.events.list().map((e) => e.type)).toContain('closed')
  })
})

describe('run.delete of sys/ fields', () => {
  it.each(['sys/name', 'sys/tags', 'sys/description', 'sys/id', 'sys'])('refuses %s', (path) => {
    const run = tempProject().startRun({ name: 'kept', tags: ['t'] })
    expect(thrown(() => run.delete(path)).code).toBe('INVALID_PATH')
    expect(run.field('sys/name').fetch()).toBe('kept')
    expect(run.tags.fetch()).toEqual(['t'])
  })
})

describe('a read-only project', () => {
  it('offers no models or experiments, at run time and in its type', () => {
    const dir = tempProjectDir()
    openProject(dir).close()
    const flag: boolean = true as boolean
    const project = openProject(dir, { readonly: flag }) // typed Project | ReadonlyProject
    // @ts-expect-error a ReadonlyProject has no models
    expect(project.models).toBeUndefined()
    // @ts-expect-error nor experiments
    expect(project.experiments).toBeUndefined()
    project.close()
  })

  it('from a workspace is typed ReadonlyProject', () => {
    const home = tempDir()
    mkdirSync(join(home, 'p'))
    openWorkspace(home).project('p').close()
    const project: ReadonlyProject = openWorkspace(home).project('p', { readonly: true })
    expect('models' in project).toBe(false)
    project.close()
  })
})
