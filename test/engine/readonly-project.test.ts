import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openProject, PROJECT_DB, ReadonlyProject, type Project } from '../../src/index.js'
import { tempProject } from '../helpers/project.js'

/** Names that would be a way to write, or to reach something that writes. */
const WRITE_PATHS = new Set([
  'startRun',
  'resume',
  'assign',
  'log',
  'append',
  'extend',
  'add',
  'remove',
  'clear',
  'delete',
  'upload',
  'uploadFiles',
  'trackFiles',
  'appendFile',
  'deleteFiles',
  'checkpoint',
  'fail',
  'flush',
  'gc',
  'create',
  'update',
  'changeStage',
  'models',
  'experiments',
  'database',
  'db',
  'writer',
  'runWriter',
  'write',
  'exec',
  'core',
  'options',
  'objects',
  'host',
  'context',
  'tags',
])

/** Every property name reachable from `root` (own and inherited, through plain values and returned handles). */
function reachable(root: object): Set<string> {
  const names = new Set<string>()
  const seen = new Set<unknown>()
  const visit = (value: unknown, depth: number): void => {
    if (
      value === null ||
      (typeof value !== 'object' && typeof value !== 'function') ||
      seen.has(value) ||
      depth > 4
    )
      return
    seen.add(value)
    for (
      let o: object | null = value as object;
      o && o !== Object.prototype && o !== Function.prototype;
      o = Object.getPrototypeOf(o)
    ) {
      for (const key of Reflect.ownKeys(o)) {
        if (typeof key !== 'string' || key === 'constructor') continue
        names.add(key)
        const descriptor = Object.getOwnPropertyDescriptor(o, key)
        if (descriptor && 'value' in descriptor && typeof descriptor.value !== 'function')
          visit(descriptor.value, depth + 1)
      }
    }
  }
  visit(root, 0)
  return names
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

function seeded(): Project {
  const project = tempProject()
  const run = project.startRun({ name: 'seed', tags: ['a'] })
  run.assign('parameters', { lr: 0.1 })
  run.log({ loss: 0.5, note: 'x' }, { step: 1 })
  run.close()
  project.close()
  return project
}

describe('a read-only project offers no write path', () => {
  it('is a ReadonlyProject whose handles (project, runs, run view, field view, events) name no write method or database', () => {
    const project = seeded()
    const ro = openProject(project.dir, { readonly: true })
    try {
      expect(ro).toBeInstanceOf(ReadonlyProject)
      const view = ro.runs.get('PROJ-1')
      const names = new Set([
        ...reachable(ro),
        ...reachable(view),
        ...reachable(view.field('loss')),
        ...reachable(view.events),
        ...reachable(view.checkpoints),
      ])
      expect([...names].filter((n) => WRITE_PATHS.has(n))).toEqual([])
      // what `as any` can see is exactly the public surface: nothing leads to the database
      const anyView = view as unknown as Record<string, unknown>
      for (const key of ['database', 'writer', 'rowId', 'projectDir', 'objects'])
        expect(anyView[key]).toBeUndefined()
      expect((ro as unknown as Record<string, unknown>).database).toBeUndefined()
    } finally {
      ro.close()
    }
  })

  it('reading everything leaves project.db byte for byte unchanged', async () => {
    const project = seeded()
    const file = join(project.dir, PROJECT_DB)
    const before = sha256(file)
    const ro = openProject(project.dir, { readonly: true })
    try {
      const view = ro.runs.get('PROJ-1')
      view.fetch()
      view.structure()
      view.lineage()
      view.isStale()
      view.events.list()
      view.checkpoints.list()
      view.field('loss').fetchValues()
      view.field('note').fetchLast()
      ro.fetchRunsTable({ query: 'loss < 1' })
      ro.fetchModelsTable()
      ro.stats()
      ro.dataVersion()
      await ro.verify()
    } finally {
      ro.close()
    }
    expect(sha256(file)).toBe(before)
  })

  it('a writable project keeps its database private too', () => {
    const project = tempProject()
    const run = project.startRun()
    for (const key of ['database', 'writer', 'runWriter', 'rowId']) {
      expect((project as unknown as Record<string, unknown>)[key]).toBeUndefined()
      expect((run as unknown as Record<string, unknown>)[key]).toBeUndefined()
    }
    run.close()
  })
})
