/**
 * One hub project behind the server's read interface (src/store/read-store.ts): runs, fields, float,
 * string and histogram series through a fork's lineage (pg-series.ts: bucketed by the same rule as a
 * local read), file fields and checkpoints (pg-files.ts), models, versions and experiments
 * (pg-registry.ts), events and objects by hash from the shared objects directory. The runs table takes
 * NQL queries, columns, sort and paging, answered as locally (src/hub/query: the engine's checks, the
 * query compiled for PostgreSQL).
 *
 * @example
 * const demo = await openPgStore(hub, { objectsDir: 's3://team-hub/nereid' }).project('demo')
 * await demo.series('DEMO-1', 'train/loss', { buckets: 1000 })
 */
import type postgres from 'postgres'
import { decodeChunks, decodeFieldCells, FieldTypeError, NotFoundError, type SeriesPoints } from '../index.js'
import { toJson } from '../store/json-values.js'
import { pageOf } from '../store/paging.js'
import type * as S from '../store/read-store.js'
import { hubHistograms } from './pg-histograms.js'
import type { HubObjects } from './objects-store.js'
import { fieldValue, hubCheckpoints, hubFiles, type FileFieldRow } from './pg-files.js'
import { hubLiveness, hubRunStale } from './pg-liveness.js'
import { hubExperiments, hubModels, hubVersions } from './pg-registry.js'
import { hubFloatRead, hubStringPoints } from './pg-series.js'
import { hubColumns } from './query/hub-columns.js'
import { hubRunsTable } from './query/hub-runs-table.js'

interface RunRow {
  id: number
  uuid: string
  sys_id: string
  custom_run_id: string | null
  parent: string | null
  fork_step: number | null
  fork_depth: number
}

/** The points of hub float series `fieldId`, decoded from its chunk rows in seq order. */
export async function hubPoints(sql: postgres.Sql, fieldId: number): Promise<SeriesPoints> {
  const chunks = await sql<
    { count: number; step_first: number; vals: Buffer; steps: Buffer | null; times: Buffer }[]
  >`
    SELECT count, step_first, vals, steps, times FROM hub_series_chunks WHERE field_id = ${fieldId} ORDER BY seq`
  return decodeChunks(
    chunks.map((c) => ({
      count: c.count,
      stepFirst: c.step_first,
      vals: c.vals,
      steps: c.steps,
      times: c.times,
    })),
  )
}

interface FieldRow extends FileFieldRow {
  first_step: number | null
  last_step: number | null
  updated_at: number
}

/** A field row's value as JSON (file fields: their stored JSON description). */
function valueOf(row: FieldRow): S.Json {
  const value = decodeFieldCells({ ...row, lastBits: row.last_bits })
  if (value !== undefined) return toJson(value)
  if (row.text !== null && (row.type === 'File' || row.type === 'FileSet' || row.type === 'Artifact'))
    return JSON.parse(row.text) as S.Json
  return null
}

/** A hub project as a ProjectStore. */
export class PgProject implements S.ProjectStore {
  constructor(
    private readonly sql: postgres.Sql,
    readonly name: string,
    private readonly projectId: number,
    private readonly objects: HubObjects | undefined,
  ) {}

  private async runRow(id: string): Promise<RunRow> {
    const [row] = await this.sql<RunRow[]>`
      SELECT r.id, r.uuid, r.sys_id, r.custom_run_id, p.sys_id AS parent, r.fork_step, r.fork_depth
        FROM hub_runs r LEFT JOIN hub_runs p ON p.id = r.parent_id WHERE r.project_id = ${this.projectId} AND r.sys_id = ${id}`
    if (!row)
      throw new NotFoundError('RUN_NOT_FOUND', `hub project ${this.name} has no run '${id}'`, {
        hint: 'List the runs with the runs table.',
      })
    return row
  }

  private async fieldRows(
    runId: number,
    where: postgres.PendingQuery<postgres.Row[]> | null = null,
  ): Promise<FieldRow[]> {
    return this.sql<
      FieldRow[]
    >`SELECT id, path, type, num, text, bits, last, last_bits, first_step, last_step, updated_at FROM hub_fields
      WHERE run_id = ${runId} ${where ?? this.sql``} ORDER BY path COLLATE "C"`
  }

  private async field(id: string, path: string): Promise<FieldRow> {
    const run = await this.runRow(id)
    const [row] = await this.fieldRows(run.id, this.sql`AND path = ${path}`)
    if (!row)
      throw new NotFoundError('FIELD_NOT_FOUND', `run ${id} has no field '${path}'`, {
        hint: 'List its fields with /fields.',
      })
    return row
  }

  async summary(): Promise<S.ProjectListItem> {
    const [row] = await this.sql<{ runs: number; last: number | null; bytes: number }[]>`
      SELECT (SELECT count(*)::int FROM hub_runs WHERE project_id = ${this.projectId} AND kind = 'run') AS runs,
             (SELECT max(f.updated_at) FROM hub_fields f JOIN hub_runs r ON r.id = f.run_id WHERE r.project_id = ${this.projectId}) AS last,
             (SELECT coalesce(sum(length(c.vals) + length(c.times) + coalesce(length(c.steps), 0) + coalesce(length(c.lod), 0)), 0)::float8
                FROM hub_series_chunks c JOIN hub_fields f ON f.id = c.field_id JOIN hub_runs r ON r.id = f.run_id WHERE r.project_id = ${this.projectId}) AS bytes`
    // as last synced: a run whose host stopped syncing turns stale here too
    const { running, stale, failed } = await hubLiveness(this.sql, this.projectId)
    return {
      name: this.name,
      runs: row!.runs,
      running,
      stale,
      failed,
      lastActivity: row!.last === null ? null : new Date(row!.last).toISOString(),
      bytes: row!.bytes,
    }
  }

  async stats(): Promise<S.Json> {
    const summary = await this.summary()
    return { runs: summary.runs, bytes: summary.bytes }
  }

  async runsTable(q: S.RunsQuery): Promise<S.RunsPage> {
    return hubRunsTable(this.sql, this.projectId, q)
  }

  async columns(): Promise<{ path: string; type: string }[]> {
    return hubColumns(this.sql, this.projectId)
  }

  async run(id: string): Promise<S.RunInfo> {
    const run = await this.runRow(id)
    const fields = await this.fieldRows(run.id)
    const sys: Record<string, S.Json> = { 'sys/id': run.sys_id }
    const structure: Record<string, S.Json> = {}
    for (const f of fields) {
      if (f.path.startsWith('sys/')) sys[f.path] = valueOf(f)
      let node = structure
      const parts = f.path.split('/')
      for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, S.Json>
      node[parts[parts.length - 1]!] = f.type
    }
    return {
      id: run.sys_id,
      uuid: run.uuid,
      customRunId: run.custom_run_id,
      sys,
      lineage: { parent: run.parent, step: run.fork_step, depth: run.fork_depth },
      structure,
      stale: await hubRunStale(this.sql, run.id),
    }
  }

  async runName(id: string): Promise<string> {
    const run = await this.runRow(id)
    const [row] = await this.fieldRows(run.id, this.sql`AND path = 'sys/name'`)
    return row?.text ?? ''
  }

  async fields(id: string, prefix: string, page: S.PageRequest): Promise<S.Page<S.FieldItem>> {
    const run = await this.runRow(id)
    const all = (await this.fieldRows(run.id)).filter(
      (f) => prefix === '' || f.path === prefix || f.path.startsWith(`${prefix}/`),
    )
    if (prefix !== '' && all.length === 0)
      throw new NotFoundError('FIELD_NOT_FOUND', `run ${id} has no field '${prefix}'`, {
        hint: 'List its fields with /fields.',
      })
    return pageOf(all, page, (f) => ({ path: f.path, type: f.type, value: fieldValue(f) }))
  }

  async series(id: string, path: string, request: S.SeriesRequest): Promise<S.SeriesBody> {
    const row = await this.field(id, path)
    if (row.type !== 'FloatSeries')
      throw new FieldTypeError(
        'WRONG_FIELD_TYPE',
        `'${path}' is a ${row.type}; series reads need a FloatSeries`,
        { hint: 'Read it with /fields, /strings or /files.' },
      )
    return hubFloatRead(this.sql, row, path, request)
  }

  async strings(
    id: string,
    path: string,
    page: S.PageRequest & { search?: string },
  ): Promise<S.Page<S.StringItem>> {
    const row = await this.field(id, path)
    if (row.type !== 'StringSeries')
      throw new FieldTypeError(
        'WRONG_FIELD_TYPE',
        `'${path}' is a ${row.type}; /strings reads a StringSeries`,
        { hint: 'Read float series with /series and file series with /files.' },
      )
    const needle = page.search?.toLowerCase()
    const points = await hubStringPoints(this.sql, row.id)
    const all = points
      .filter((p) => needle === undefined || p.value.toLowerCase().includes(needle))
      .map((p) => ({ step: p.step, timestamp: p.time, value: p.value }))
    return pageOf(all, page, (x) => x)
  }

  async histograms(id: string, path: string, page: S.PageRequest): Promise<S.Page<S.HistogramItem>> {
    const row = await this.field(id, path)
    if (row.type !== 'HistogramSeries')
      throw new FieldTypeError(
        'WRONG_FIELD_TYPE',
        `'${path}' is a ${row.type}; /histograms reads a HistogramSeries`,
        { hint: 'Read float series with /series and string series with /strings.' },
      )
    return hubHistograms(this.sql, row.id, page)
  }

  async files(
    id: string,
    path: string,
    request: S.PageRequest & { from?: number; to?: number },
  ): Promise<S.FilesBody> {
    return hubFiles(this.sql, await this.field(id, path), request)
  }

  async checkpoints(id: string): Promise<S.Json[]> {
    return hubCheckpoints(this.sql, (await this.runRow(id)).id)
  }

  async events(id: string, page: S.PageRequest): Promise<S.Page<S.Json>> {
    const run = await this.runRow(id)
    const rows = await this.sql<
      { time: number; type: string; payload: string }[]
    >`SELECT time, type, payload FROM hub_events WHERE run_id = ${run.id} ORDER BY time, origin_id`
    return pageOf(rows, page, (e) => ({
      time: new Date(e.time).toISOString(),
      type: e.type,
      payload: JSON.parse(e.payload) as S.Json,
    }))
  }

  async models(page: S.PageRequest): Promise<S.Page<S.Json>> {
    return pageOf(await hubModels(this.sql, this.projectId), page, toJson)
  }

  async versions(modelId: string, page: S.PageRequest): Promise<S.Page<S.Json>> {
    return pageOf(await hubVersions(this.sql, this.projectId, modelId), page, toJson)
  }

  async experiments(page: S.PageRequest): Promise<S.Page<S.Json>> {
    return pageOf(await hubExperiments(this.sql, this.projectId), page, toJson)
  }

  async object(hash: string, name?: string): Promise<S.ObjectHandle | undefined> {
    const objects = this.objects
    if (!objects || !/^[0-9a-f]{64}$/.test(hash)) return undefined
    const [known] = await this.sql<{ hash: string }[]>`SELECT hash FROM hub_objects WHERE hash = ${hash}`
    if (!known) return undefined
    const size = await objects.size(hash)
    if (size < 0) return undefined
    return {
      hash,
      size,
      mime: 'application/octet-stream',
      name: name ?? '',
      open: (range) => objects.open(hash, range),
    }
  }

  watch(listener: (change: S.ChangeSet) => void): () => void {
    let cursor = Date.now()
    let stopped = false
    const changed = async (): Promise<void> => {
      const rows = await this.sql<{ run: string; path: string; at: number }[]>`
        SELECT r.sys_id AS run, f.path, f.updated_at AS at FROM hub_fields f JOIN hub_runs r ON r.id = f.run_id
         WHERE r.project_id = ${this.projectId} AND r.kind = 'run' AND f.updated_at > ${cursor} ORDER BY r.id, f.path`
      const runs: S.ChangeSet['runs'] = []
      for (const row of rows) {
        const last = runs[runs.length - 1]
        if (last?.id === row.run) last.fields.push(row.path)
        else runs.push({ id: row.run, fields: [row.path] })
        cursor = Math.max(cursor, row.at)
      }
      if (!stopped && runs.length > 0) listener({ runs, newRuns: [] })
    }
    const subscription = this.sql.listen('nereid_hub', (payload) => {
      if (payload === this.name) void changed().catch(() => {})
    })
    return () => {
      stopped = true
      void subscription.then((s) => s.unlisten()).catch(() => {})
    }
  }
}
