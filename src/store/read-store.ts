/**
 * The async read interface the server sees (docs/server.md): workspace -> projects -> runs table, run,
 * fields, series, strings, files, objects, checkpoints, models, experiments, events, changes. It speaks
 * in plain JSON-ready data (NaN and ±Infinity as strings, bigints as numbers or decimal strings, dates as
 * ISO strings), so the local SQLite implementation (local-store.ts) and a later PostgreSQL hub answer
 * alike. Errors are the engine's NereidError subclasses (NotFoundError, InvalidValueError, …).
 *
 * @example
 * const store: ReadStore = openLocalStore('.nereid')
 * const demo = await store.project('demo')
 * const page = await demo.runsTable({ columns: ['metrics/acc:max'], limit: 10 })
 */

/** A number, or "NaN" / "Infinity" / "-Infinity", which JSON cannot hold as numbers. */
export type JsonNumber = number | 'NaN' | 'Infinity' | '-Infinity'

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** One page of a list. */
export interface Page<T> {
  total: number
  offset: number
  limit: number
  items: T[]
}

/** Which page to read. */
export interface PageRequest {
  offset: number
  limit: number
}

/** One project in the workspace list. */
export interface ProjectListItem {
  name: string
  runs: number
  running: number
  stale: number
  failed: number
  /** ISO time of the newest field update, null for an empty project. */
  lastActivity: string | null
  bytes: number
}

/** Options of the runs table. */
export interface RunsQuery extends PageRequest {
  query?: string
  columns: string[]
  sort: string
  ascending: boolean
}

/** A page of the runs table. */
export interface RunsPage extends Page<Record<string, Json>> {
  columns: { path: string; type: string }[]
}

/** A run's identity, sys values, lineage and structure. */
export interface RunInfo {
  id: string
  uuid: string
  customRunId: string | null
  sys: Record<string, Json>
  lineage: { parent: string | null; step: number | null; depth: number }
  structure: Json
  stale: boolean
}

/** One field with its value ({ type, value } flattened). */
export interface FieldItem {
  path: string
  type: string
  value: Json
}

/** Parallel columns of points. */
export interface PointColumns {
  steps: number[]
  values: JsonNumber[]
  timestamps: number[]
}

/** Parallel columns of buckets (empty buckets omitted). */
export interface BucketColumns {
  start: number[]
  end: number[]
  count: number[]
  min: JsonNumber[]
  max: JsonNumber[]
  first: JsonNumber[]
  last: JsonNumber[]
  lastStep: number[]
  lastTime: number[]
  sum: number[]
}

/** A float series read: points or buckets over [from, to]. */
export interface SeriesBody {
  path: string
  type: 'FloatSeries'
  from: number | null
  to: number | null
  mode: 'points' | 'buckets'
  points?: PointColumns
  buckets?: BucketColumns
  /** Incremental reads only: true when more points follow the last one returned. */
  more?: boolean
}

/** A float series request: level of detail, or the points after a step. */
export type SeriesRequest = { from?: number; to?: number; buckets: number } | { after: number; limit: number }

/** One string series entry. */
export interface StringItem {
  step: number
  timestamp: number
  value: string
}

/** One HistogramSeries entry: the histogram logged at a step (numbers JSON cannot hold as strings). */
export interface HistogramItem {
  step: number
  timestamp: number
  type: string
  edges: Json[]
  values: Json[]
}

/** A file field's content listing. */
export type FilesBody =
  | { type: 'File'; file: Json }
  | { type: 'FileSet'; items: Json[] }
  | ({ type: 'FileSeries' } & Page<Json>)
  | { type: 'Artifact'; hash: string; files: Json[] }

/** One stored object, ready to stream. */
export interface ObjectHandle {
  hash: string
  size: number
  mime: string
  /** The recorded file name ('' when none). */
  name: string
  /** The bytes from `start` to `end` (both included; default the whole object). */
  open(range?: { start: number; end: number }): ReadableStream<Uint8Array>
}

/** What changed in a project since the last wake-up. */
export interface ChangeSet {
  runs: { id: string; fields: string[] }[]
  newRuns: string[]
}

/** Read access to one project. */
export interface ProjectStore {
  readonly name: string
  summary(): Promise<ProjectListItem>
  stats(): Promise<Json>
  runsTable(query: RunsQuery): Promise<RunsPage>
  columns(): Promise<{ path: string; type: string }[]>
  run(id: string): Promise<RunInfo>
  /** sys/name of a run. */
  runName(id: string): Promise<string>
  fields(id: string, prefix: string, page: PageRequest): Promise<Page<FieldItem>>
  series(id: string, path: string, request: SeriesRequest): Promise<SeriesBody>
  strings(id: string, path: string, page: PageRequest & { search?: string }): Promise<Page<StringItem>>
  /** A HistogramSeries by page, in step order. */
  histograms(id: string, path: string, page: PageRequest): Promise<Page<HistogramItem>>
  files(id: string, path: string, request: PageRequest & { from?: number; to?: number }): Promise<FilesBody>
  checkpoints(id: string): Promise<Json[]>
  events(id: string, page: PageRequest): Promise<Page<Json>>
  models(page: PageRequest): Promise<Page<Json>>
  versions(modelId: string, page: PageRequest): Promise<Page<Json>>
  experiments(page: PageRequest): Promise<Page<Json>>
  /** A referenced object (undefined for a hash no field of the project references, or a missing file). */
  object(hash: string, name?: string): Promise<ObjectHandle | undefined>
  /** Calls `listener` with each batch of changes (debounced) until the returned function is called. */
  watch(listener: (change: ChangeSet) => void): () => void
}

/** Read access to a workspace (or a single project). */
export interface ReadStore {
  /** Names of the projects, sorted. */
  names(): Promise<string[]>
  /** The project `name`; NotFoundError PROJECT_NOT_FOUND when there is none. */
  project(name: string): Promise<ProjectStore>
  /** Stops every watcher and closes every project. */
  close(): Promise<void>
}
