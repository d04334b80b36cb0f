/**
 * One local project behind the read interface: a ReadonlyProject (one long-lived read-only connection)
 * answered as plain JSON-ready data.
 *
 * @example
 * const store = new LocalProject(openProject('.nereid/demo', { readonly: true }))
 * await store.run('DEMO-1')   // { id: 'DEMO-1', sys: { 'sys/name': 'first', … }, structure: { … }, … }
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import {
  FieldTypeError,
  type HistogramPoints,
  PROJECT_DB,
  type ReadonlyProject,
  type RunView,
  type StringPoints,
  type Tree,
} from '../index.js'
import { seriesAfter, seriesBuckets } from './buckets.js'
import { histogramItem } from './histogram-items.js'
import { toJson } from './json-values.js'
import { fieldFiles, localObject } from './local-files.js'
import { LocalWatch, type WatchTimings } from './local-watch.js'
import { pageOf } from './paging.js'
import { tableOptions } from './runs-query.js'
import type {
  ChangeSet,
  FieldItem,
  FilesBody,
  HistogramItem,
  Json,
  ObjectHandle,
  Page,
  PageRequest,
  ProjectListItem,
  ProjectStore,
  RunInfo,
  RunsPage,
  RunsQuery,
  SeriesBody,
  SeriesRequest,
  StringItem,
} from './read-store.js'

function flatten(tree: Tree<unknown>, prefix: string, out: [string, unknown][] = []): [string, unknown][] {
  for (const [name, value] of Object.entries(tree)) {
    const path = prefix === '' ? name : `${prefix}/${name}`
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      flatten(value as Tree<unknown>, path, out)
    else out.push([path, value])
  }
  return out
}

/** The newest modification time of project.db and its WAL. */
function lastWrite(dir: string): string | null {
  let newest = 0
  for (const name of [PROJECT_DB, `${PROJECT_DB}-wal`]) {
    try {
      newest = Math.max(newest, statSync(join(dir, name)).mtimeMs)
    } catch {
      // no WAL right now
    }
  }
  return newest > 0 ? new Date(newest).toISOString() : null
}

/** How long a project's summary is reused while nothing is committed (a stale heartbeat shows this late). */
const SUMMARY_REUSE_MS = 5_000

/** A local project as a ProjectStore. */
export class LocalProject implements ProjectStore {
  readonly name: string
  private readonly live: LocalWatch
  private lastSummary: { version: number; at: number; item: ProjectListItem } | undefined

  constructor(
    readonly project: ReadonlyProject,
    name = project.name,
    timings?: WatchTimings,
  ) {
    this.name = name
    this.live = new LocalWatch(project, timings)
  }

  private view(id: string): RunView {
    return this.project.runs.get(id)
  }

  async summary(): Promise<ProjectListItem> {
    // nothing committed since the last summary: the same one, unless old enough for a heartbeat to go stale
    const version = this.project.dataVersion()
    const cached = this.lastSummary
    if (cached?.version === version && Date.now() - cached.at < SUMMARY_REUSE_MS) return cached.item
    // the runs and the bytes on disk only: the field counts of stats() are not shown in a list of projects
    const runs = this.project.runs.list()
    const disk = this.project.diskUsage()
    const item = {
      name: this.name,
      runs: runs.length,
      running: runs.filter((r) => r.state === 'running' && !r.stale).length,
      stale: runs.filter((r) => r.stale).length,
      failed: runs.filter((r) => r.failed).length,
      lastActivity: lastWrite(this.project.dir),
      bytes: disk.dbBytes + disk.objectBytes,
    }
    this.lastSummary = { version, at: Date.now(), item }
    return item
  }

  async stats(): Promise<Json> {
    return toJson(this.project.stats())
  }

  async runsTable(q: RunsQuery): Promise<RunsPage> {
    const options = tableOptions(q)
    const { limit: _limit, offset: _offset, ...all } = options
    const table = this.project.fetchRunsTable(options)
    const total = this.project.fetchRunsTable({ ...all, columns: [] }).rows.length
    return {
      total,
      offset: q.offset,
      limit: q.limit,
      columns: table.columns.map((c) => ({ path: c.name, type: c.type })),
      items: table.rows.map((row) =>
        Object.fromEntries(table.columns.map((c, i) => [c.name, toJson(row[i])])),
      ),
    }
  }

  async columns(): Promise<{ path: string; type: string }[]> {
    return this.project.fieldColumns().map(({ path, type }) => ({ path, type }))
  }

  async run(id: string): Promise<RunInfo> {
    const view = this.view(id)
    const sys = Object.fromEntries(
      flatten(view.fetch('sys') as Tree<unknown>, 'sys').map(([p, v]) => [p, toJson(v)]),
    )
    return {
      id: view.id,
      uuid: view.uuid,
      customRunId: view.customRunId,
      sys,
      lineage: view.lineage(),
      structure: toJson(view.structure()),
      stale: view.isStale(),
    }
  }

  async runName(id: string): Promise<string> {
    const name = this.view(id).field('sys/name')
    return name.exists() ? String(name.fetch()) : ''
  }

  async fields(id: string, prefix: string, page: PageRequest): Promise<Page<FieldItem>> {
    const view = this.view(id)
    if (prefix !== '' && !view.exists(prefix)) view.fetch(prefix) // throws FIELD_NOT_FOUND with a hint
    const all = view.fieldList(prefix).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    return pageOf(all, page, (f) => ({
      path: f.path,
      type: f.type,
      value: f.value === undefined ? null : toJson(f.value),
    }))
  }

  async series(id: string, path: string, request: SeriesRequest): Promise<SeriesBody> {
    const field = this.view(id).field(path)
    return 'after' in request
      ? seriesAfter(field, request.after, request.limit)
      : seriesBuckets(field, request, request.buckets)
  }

  async strings(
    id: string,
    path: string,
    page: PageRequest & { search?: string },
  ): Promise<Page<StringItem>> {
    const field = this.view(id).field(path)
    const type = field.type()
    if (type !== undefined && type !== 'StringSeries') {
      throw new FieldTypeError('WRONG_FIELD_TYPE', `'${path}' is a ${type}; /strings reads a StringSeries`, {
        hint: 'Read float series with /series and file series with /files.',
      })
    }
    const points = field.fetchValues() as StringPoints
    const needle = page.search?.toLowerCase()
    const all: StringItem[] = []
    points.values.forEach((value, i) => {
      if (needle === undefined || value.toLowerCase().includes(needle))
        all.push({ step: points.steps[i]!, timestamp: points.timestamps[i]!, value })
    })
    return pageOf(all, page, (x) => x)
  }

  async histograms(id: string, path: string, page: PageRequest): Promise<Page<HistogramItem>> {
    const field = this.view(id).field(path)
    const type = field.type()
    if (type !== undefined && type !== 'HistogramSeries') {
      throw new FieldTypeError(
        'WRONG_FIELD_TYPE',
        `'${path}' is a ${type}; /histograms reads a HistogramSeries`,
        { hint: 'Read float series with /series and string series with /strings.' },
      )
    }
    const points = field.fetchValues() as HistogramPoints
    return pageOf([...points.steps.keys()], page, (i) =>
      histogramItem(points.steps[i]!, points.timestamps[i]!, points.values[i]!),
    )
  }

  async files(
    id: string,
    path: string,
    request: PageRequest & { from?: number; to?: number },
  ): Promise<FilesBody> {
    return fieldFiles(this.view(id), path, request)
  }

  async checkpoints(id: string): Promise<Json[]> {
    return this.view(id).checkpoints.list().map(toJson)
  }

  async events(id: string, page: PageRequest): Promise<Page<Json>> {
    return pageOf(this.view(id).events.list(), page, toJson)
  }

  async models(page: PageRequest): Promise<Page<Json>> {
    return pageOf(this.project.listModels(), page, (m) => toJson(m))
  }

  async versions(modelId: string, page: PageRequest): Promise<Page<Json>> {
    return pageOf(this.project.listModelVersions(modelId), page, (v) => toJson(v))
  }

  async experiments(page: PageRequest): Promise<Page<Json>> {
    return pageOf(this.project.listExperiments(), page, (e) => toJson(e))
  }

  async object(hash: string, name?: string): Promise<ObjectHandle | undefined> {
    return localObject(this.project, hash, name)
  }

  watch(listener: (change: ChangeSet) => void): () => void {
    return this.live.add(listener)
  }

  /** Stops the watcher and closes the project. */
  close(): void {
    this.live.stop()
    this.project.close()
  }
}
