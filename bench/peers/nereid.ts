/**
 * Nereid itself, through its public API only: `run.log(dict, { step })` to write, `fetchValues()` to read.
 *
 * @example
 * const sink = nereid.write(dir, 'train')   // openProject(dir).startRun({ name: 'train' })
 */
import { join } from 'node:path'
import {
  openProject,
  PROJECT_DB,
  type Project,
  type ReadonlyProject,
  type Run,
  type RunView,
} from '../../src/index.js'
import type { Columns, Layout, Reader, Sink } from '../layout.js'

class NereidSink implements Sink {
  private readonly project: Project
  private readonly run: Run

  constructor(dir: string, name: string) {
    this.project = openProject(dir)
    this.run = this.project.startRun({ name })
  }

  log(values: Record<string, number>, step: number): void {
    this.run.log(values, { step })
  }

  close(): void {
    this.run.close()
    this.project.close()
  }
}

class NereidReader implements Reader {
  private readonly project: ReadonlyProject
  private readonly views = new Map<string, RunView>()

  constructor(dir: string) {
    this.project = openProject(dir, { readonly: true })
  }

  read(run: string, key: string): Columns {
    let view = this.views.get(run)
    if (view === undefined) {
      const id = this.project.runs.list().find((r) => r.name === run)?.id
      if (id === undefined) throw new Error(`no run named ${run}`)
      view = this.project.runs.get(id)
      this.views.set(run, view)
    }
    const points = view.field(key).fetchValues()
    if (!(points.values instanceof Float64Array)) throw new Error(`${key} is not a float series`)
    return points as Columns
  }

  close(): void {
    this.project.close()
  }
}

/** Nereid: chunked columnar float series in project.db. */
export const nereid: Layout = {
  name: 'nereid',
  about: 'Nereid public API: run.log(dict, { step }) into project.db; reads with field(p).fetchValues()',
  write: (dir, run) => new NereidSink(dir, run),
  files: (dir) => [join(dir, PROJECT_DB), join(dir, `${PROJECT_DB}-wal`)],
  openReader: (dir) => new NereidReader(dir),
}
