/** Series in project.db: chunk rows, the field row's summary, compaction of small chunks, range reads. */
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { runs } from '../../../schema/tables.js'
import { PROJECT_DB, type Project, type SeriesPoints } from '../../../src/index.js'
import { openDatabase } from '../../../src/engine/driver/database.js'
import { ensureField, getField } from '../../../src/engine/fields/store.js'
import { prepareSchema } from '../../../src/engine/driver/migrate.js'
import { allocPoints } from '../../../src/engine/series/codec.js'
import {
  appendFloatPoints,
  CHUNK_POINTS,
  compactTail,
  readFloatPoints,
} from '../../../src/engine/series/float-store.js'
import { reopen, tempProject } from '../../helpers/project.js'
import { tempDir } from '../../helpers/tmp.js'

interface ChunkRow {
  seq: number
  count: number
  step_first: number
  step_last: number
  min: number | null
  max: number | null
}

/** Reads project.db with better-sqlite3 directly, as another program would. */
function sqlite<T>(project: Project, fn: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(join(project.dir, PROJECT_DB), { readonly: true })
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

function chunksOf(project: Project, runId: string, path: string): ChunkRow[] {
  return sqlite(
    project,
    (db) =>
      db
        .prepare(
          `SELECT c.seq, c.count, c.step_first, c.step_last, c.min, c.max FROM series_chunks c
         JOIN fields f ON f.id = c.field_id JOIN runs r ON r.id = f.run_id
         WHERE r.sys_id = ? AND f.path = ? ORDER BY c.seq`,
        )
        .all(runId, path) as ChunkRow[],
  )
}

describe('chunks in project.db', () => {
  it('writes one chunk row per flush of a field and keeps count, step range, min and max on it', () => {
    const project = tempProject({ flushMs: 2 ** 31 - 1 })
    const run = project.startRun()
    run.field('x').extend([3, Number.NaN, -1, 8], { steps: [0, 1, 2, 3] })
    run.flush()
    run.field('x').extend([2, 2], { steps: [10, 11] })
    run.flush()
    expect(chunksOf(project, run.id, 'x')).toEqual([
      { seq: 0, count: 4, step_first: 0, step_last: 3, min: -1, max: 8 },
      { seq: 1, count: 2, step_first: 10, step_last: 11, min: 2, max: 2 },
    ])
    run.close()
  })

  it('keeps count, step range, last, min and max of the series on the field row', () => {
    const project = tempProject()
    const run = project.startRun()
    run.field('x').extend([3, Number.NaN, -1, Infinity, 0.5], { steps: [1, 2, 3, 4, 9] })
    run.close()
    const row = sqlite(project, (db) =>
      db
        .prepare(
          "SELECT f.count, f.first_step, f.last_step, f.last, f.min, f.max, f.finite_count, f.sum FROM fields f JOIN runs r ON r.id = f.run_id WHERE r.sys_id = ? AND f.path = 'x'",
        )
        .get(run.id),
    )
    expect(row).toEqual({
      count: 5,
      first_step: 1,
      last_step: 9,
      last: 0.5,
      min: -1,
      max: Infinity,
      finite_count: 3,
      sum: 2.5,
    })
  })

  it('splits a large flush into chunks of at most CHUNK_POINTS points', () => {
    const project = tempProject()
    const run = project.startRun()
    const n = CHUNK_POINTS * 2 + 100
    run.field('x').extend(Array.from({ length: n }, (_, i) => i))
    run.flush()
    const chunks = chunksOf(project, run.id, 'x')
    expect(chunks.map((c) => c.count)).toEqual([CHUNK_POINTS, CHUNK_POINTS, 100])
    expect(chunks[1]).toMatchObject({ step_first: CHUNK_POINTS, step_last: 2 * CHUNK_POINTS - 1 })
    run.close()
  })

  it('stores consecutive steps implicitly and a float series in about 8 to 10 bytes a point', () => {
    const project = tempProject()
    const run = project.startRun()
    const n = 50_000
    for (let i = 0; i < n; i++) run.log({ x: Math.cos(i) })
    run.close()
    const stored = sqlite(project, (db) =>
      db
        .prepare(
          "SELECT sum(length(vals)) AS vals, sum(length(times)) AS times, count(steps) AS withSteps FROM series_chunks c JOIN fields f ON f.id = c.field_id WHERE f.path = 'x'",
        )
        .get(),
    ) as { vals: number; times: number; withSteps: number }
    expect(stored.vals).toBe(n * 8)
    expect(stored.withSteps).toBe(0)
    expect((stored.vals + stored.times) / n).toBeLessThanOrEqual(10)
  })
})

describe('compaction', () => {
  it('keeps the number of chunk rows small when every point is flushed on its own, and reads all back in order', () => {
    const project = tempProject({ flushMs: 2 ** 31 - 1 })
    const run = project.startRun()
    const n = 3000
    const rows: number[] = []
    for (let i = 0; i < n; i++) {
      run.field('slow').append(i * 0.5, { step: i * 2 })
      run.flush()
      if (i % 250 === 249) rows.push(chunksOf(project, run.id, 'slow').length)
    }
    // small at every moment, not only at the end
    expect(Math.max(...rows)).toBeLessThanOrEqual(20)
    const chunks = chunksOf(project, run.id, 'slow')
    expect(chunks.length).toBeLessThanOrEqual(20)
    expect(chunks.reduce((sum, c) => sum + c.count, 0)).toBe(n)
    // chunks are in step order, without overlap
    for (let i = 1; i < chunks.length; i++)
      expect(chunks[i]!.step_first).toBeGreaterThan(chunks[i - 1]!.step_last)
    const points = run.field('slow').fetchValues() as SeriesPoints
    expect(points.values.length).toBe(n)
    for (let i = 0; i < n; i++) {
      expect(points.steps[i]).toBe(i * 2)
      expect(points.values[i]).toBe(i * 0.5)
    }
    const dir = project.dir
    run.close()
    project.close()
    const view = reopen(dir).runs.get(run.id)
    expect([...(view.field('slow').fetchValues({ from: 100, to: 106 }) as SeriesPoints).values]).toEqual([
      25, 25.5, 26, 26.5,
    ])
    expect(view.field('slow').fetchLast()).toBe((n - 1) * 0.5)
  })

  it('compacts many tiny flushes of several fields each on its own', () => {
    const project = tempProject({ flushMs: 2 ** 31 - 1 })
    const run = project.startRun()
    for (let i = 0; i < 500; i++) {
      run.log({ a: i, b: -i, c: i % 3 === 0 ? Number.NaN : i })
      run.flush()
    }
    for (const path of ['a', 'b', 'c']) {
      const chunks = chunksOf(project, run.id, path)
      expect(chunks.length).toBeLessThanOrEqual(16)
      expect(chunks.reduce((sum, c) => sum + c.count, 0)).toBe(500)
    }
    const c = run.field('c').fetchValues() as SeriesPoints
    expect(Number.isNaN(c.values[3])).toBe(true)
    expect(c.values[4]).toBe(4)
    expect(Math.min(...chunksOf(project, run.id, 'b').map((x) => x.min ?? Infinity))).toBe(-499)
    run.close()
  })
})

describe('series-store functions', () => {
  function setup(): {
    database: ReturnType<typeof openDatabase>
    fieldId: () => number
    append: (steps: number[], values: number[]) => void
  } {
    const database = openDatabase(join(tempDir(), 'project.db'), { readonly: false, durability: 'normal' })
    prepareSchema(database)
    const runId = database.write(
      (db) =>
        db
          .insert(runs)
          .values({ kind: 'run', number: 1, sysId: 'T-1', uuid: 'u-1', createdAt: 0 })
          .returning()
          .get().id,
    )
    const fieldId = (): number => database.read((db) => getField(db, runId, 'x')!.id)
    const append = (steps: number[], values: number[]): void => {
      const points = allocPoints(steps.length)
      points.steps.set(steps)
      points.values.set(values)
      database.write((db) =>
        appendFloatPoints(db, ensureField(db, runId, 'x', 'FloatSeries', 0), points, 0, steps.length, 0),
      )
    }
    return { database, fieldId, append }
  }

  it('merges a trailing run of small chunks only once it is long enough', () => {
    const { database, fieldId, append } = setup()
    for (let i = 0; i < 5; i++) append([i], [i])
    const count = (): number =>
      database.read((db) => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM series_chunks`)!.n)
    expect(count()).toBe(5)
    expect(database.write((db) => compactTail(db, fieldId(), 6))).toBe(false)
    expect(database.write((db) => compactTail(db, fieldId(), 5))).toBe(true)
    expect(count()).toBe(1)
    expect([...database.read((db) => readFloatPoints(db, fieldId())).values]).toEqual([0, 1, 2, 3, 4])
    database.close()
  })

  it('reads a range that starts and ends inside chunks', () => {
    const { database, fieldId, append } = setup()
    append([0, 1, 2, 3], [0, 10, 20, 30])
    append([4, 5, 6, 7], [40, 50, 60, 70])
    append([8, 9], [80, 90])
    const read = (from: number, to: number): number[] => [
      ...database.read((db) => readFloatPoints(db, fieldId(), from, to)).values,
    ]
    expect(read(2, 5)).toEqual([20, 30, 40, 50])
    expect(read(4, 7)).toEqual([40, 50, 60, 70])
    expect(read(7.5, 8.5)).toEqual([80])
    expect(read(-Infinity, Infinity)).toHaveLength(10)
    expect(read(100, 200)).toEqual([])
    database.close()
  })
})
