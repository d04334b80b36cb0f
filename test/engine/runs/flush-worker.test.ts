/**
 * Runs with a flush worker (`startRun({ flush: 'worker' })`): the same data on disk as an inline flush,
 * the same warnings, the worker's errors thrown by flush() and close() as the same typed errors (failures
 * made real with a SQLite trigger and a corrupted chunk written by another connection), and a real
 * SIGKILL of a child process in the middle of handed-over flushes.
 * The rest of the engine's run tests pass with the worker too: NEREID_FLUSH=worker npx vitest run test/engine.
 */
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import {
  CorruptDataError,
  InvalidOptionError,
  PROJECT_DB,
  openProject,
  type Run,
  type SeriesPoints,
  type NereidWarning as Warning,
} from '../../../src/index.js'
import { runFixture } from '../../helpers/child.js'
import { reopen, tempProject, thrown } from '../../helpers/project.js'
import { tempProjectDir } from '../../helpers/tmp.js'

/** Another connection to the project's file, as another process would have. */
function sideConnection(dir: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(join(dir, PROJECT_DB))
  db.pragma('busy_timeout = 5000')
  return db
}

/** The stored summary rows of a run's fields other than sys/ (count, steps, last, min, max, sums, text). */
function fieldRows(dir: string, sysId: string) {
  const db = sideConnection(dir)
  try {
    return db
      .prepare(
        "SELECT f.path, f.type, f.count, f.first_step, f.last_step, f.last, f.min, f.max, f.finite_count, f.sum, f.sum_sq, f.num, f.text FROM fields f JOIN runs r ON r.id = f.run_id WHERE r.sys_id = ? AND f.path NOT LIKE 'sys/%' ORDER BY f.path",
      )
      .all(sysId)
  } finally {
    db.close()
  }
}

/** The stored summary of series `path`: count, min, max, sum. */
function stats(dir: string, path: string) {
  const db = sideConnection(dir)
  try {
    return db.prepare('SELECT count, min, max, sum FROM fields WHERE path = ?').get(path)
  } finally {
    db.close()
  }
}

function summary(run: Run, path: string) {
  const points = run.field(path).fetchValues() as SeriesPoints
  return { steps: [...points.steps], values: [...points.values] }
}

describe('a run with a flush worker', () => {
  it('writes what an inline flush writes: series, strings, atoms, sets, summaries', () => {
    const project = tempProject()
    const write = (run: Run) => {
      for (let step = 0; step < 20_000; step++)
        run.log({ 'train/loss': 1 / (step + 1), 'train/acc': step % 7 === 0 ? NaN : step }, { step })
      run.log({ 'logs/line': 'epoch 1' })
      run.assign('parameters', { lr: 0.01, layers: 3 })
      run.tags.add(['a', 'b'])
      run.flush()
      for (let step = 20_000; step < 20_100; step++) run.log({ 'train/loss': -step }, { step })
      run.close()
    }
    const inline = project.startRun({ name: 'inline', flush: 'inline' })
    const worker = project.startRun({ name: 'worker', flush: 'worker' })
    write(inline)
    write(worker)
    const a = project.runs.get(inline.id)
    const b = project.runs.get(worker.id)
    for (const path of ['train/loss', 'train/acc']) {
      expect(summary(b as Run, path)).toEqual(summary(a as Run, path))
      expect(b.field(path).fetchLast()).toEqual(a.field(path).fetchLast())
    }
    expect(fieldRows(project.dir, worker.id)).toEqual(fieldRows(project.dir, inline.id))
    expect(fieldRows(project.dir, worker.id)).toHaveLength(5)
    expect(b.fetch('logs/line')).toBe('epoch 1')
    expect(b.fetch('parameters')).toEqual({ lr: 0.01, layers: 3 })
    expect(b.field('sys/tags').fetch()).toEqual(a.field('sys/tags').fetch())
    expect(b.field('sys/state').fetch()).toBe('idle')
  })

  it('lets another connection read every point once flush() returned', () => {
    const project = tempProject()
    const run = project.startRun({ flush: 'worker' })
    for (let step = 0; step < 5000; step++) run.log({ x: step }, { step })
    run.flush()
    const reader = openProject(project.dir, { readonly: true })
    const points = reader.runs.get(run.id).field('x').fetchValues() as SeriesPoints
    expect(points.values.length).toBe(5000)
    expect(points.values[4999]).toBe(4999)
    reader.close()
    run.close()
  })

  it("rejects a flush option that is neither 'inline' nor 'worker', and NEREID_FLUSH likewise, before a run exists", () => {
    const project = tempProject()
    const bad = thrown(() => project.startRun({ flush: 'thread' as 'worker' }))
    expect(bad).toBeInstanceOf(InvalidOptionError)
    expect(bad.code).toBe('INVALID_OPTION')
    expect(bad.message).toContain("'thread'")
    process.env.NEREID_FLUSH = 'yes'
    try {
      const fromEnv = thrown(() => project.startRun())
      expect(fromEnv.code).toBe('INVALID_OPTION')
      expect(fromEnv.message).toContain('NEREID_FLUSH')
    } finally {
      delete process.env.NEREID_FLUSH
    }
    expect(project.runs.list()).toHaveLength(0)
  })

  it("throws the worker's SQLite error from flush(), keeps the points, and writes them once with the next flush", () => {
    const project = tempProject()
    const run = project.startRun({ flush: 'worker' })
    run.log({ loss: 1 }, { step: 0 })
    run.flush()
    const side = sideConnection(project.dir)
    side.exec(
      "CREATE TRIGGER full BEFORE INSERT ON series_chunks BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    )
    run.log({ loss: 2 }, { step: 1 })
    const error = thrown(() => run.flush())
    expect(error.message).toBe('disk full')
    expect(error.code).toBe('SQLITE_CONSTRAINT_TRIGGER')
    // the failed flush's points stay with the worker: a flush with nothing new buffered retries them
    expect(() => run.flush()).toThrow('disk full')
    side.exec('DROP TRIGGER full')
    side.close()
    run.log({ loss: 3 }, { step: 2 })
    run.flush()
    expect(summary(run, 'loss')).toEqual({ steps: [0, 1, 2], values: [1, 2, 3] })
    expect(stats(project.dir, 'loss')).toEqual({ count: 3, min: 1, max: 3, sum: 6 })
    run.close()
  })

  it('throws an automatic flush’s error from the next call that flushes (as an inline flush throws from log)', () => {
    const project = tempProject({ maxBufferedPoints: 10 })
    const run = project.startRun({ flush: 'worker' })
    const side = sideConnection(project.dir)
    side.exec(
      "CREATE TRIGGER full BEFORE INSERT ON series_chunks BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    )
    for (let step = 0; step < 10; step++) run.log({ loss: step }, { step }) // the 10th hands a flush over
    expect(() => run.flush()).toThrow('disk full')
    side.exec('DROP TRIGGER full')
    side.close()
    run.close()
    expect(summary(run, 'loss').steps).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it("throws the worker's CorruptDataError from flush() and close(); the run stays open until a flush succeeds", () => {
    const project = tempProject()
    const run = project.startRun({ flush: 'worker' })
    // 15 flushes of one point leave 15 small chunks; the 16th makes the writer merge them (decoding them)
    for (let step = 0; step < 15; step++) {
      run.log({ loss: step }, { step })
      run.flush()
    }
    const side = sideConnection(project.dir)
    side.exec("UPDATE series_chunks SET times = x'00'")
    run.log({ loss: 15 }, { step: 15 })
    const error = thrown(() => run.flush())
    expect(error).toBeInstanceOf(CorruptDataError)
    expect(error.code).toBe('CORRUPT_CHUNK')
    expect(error.hint).toContain('nereid verify')
    const atClose = thrown(() => run.close())
    expect(atClose).toBeInstanceOf(CorruptDataError)
    run.log({ loss: 16 }, { step: 16 }) // still open
    side.exec('DELETE FROM series_chunks')
    side.close()
    run.close()
    expect(thrown(() => run.log({ loss: 17 })).code).toBe('RUN_CLOSED')
    expect(summary(run, 'loss').steps).toEqual([15, 16])
  })

  it('warns FIELD_TYPE_CONFLICT and drops the field when another writer of the run gave it another type', () => {
    const warnings: Warning[] = []
    const project = tempProject({ onWarning: (w) => warnings.push(w) })
    const run = project.startRun({ customRunId: 'shared', flush: 'worker' })
    const other = reopen(project.dir)
    const second = other.startRun({ customRunId: 'shared' })
    second.assign('x', 'a string')
    second.flush()
    run.log({ x: 1, y: 1 })
    run.flush()
    expect(warnings.map((w) => [w.code, w.path])).toContainEqual(['FIELD_TYPE_CONFLICT', 'x'])
    expect(run.fetch('x')).toBe('a string')
    expect(run.fetch('y')).toBe(1)
    second.close()
    run.close()
  })

  it('drops, counts and warns about points another writer of the run already wrote past', () => {
    const warnings: Warning[] = []
    const project = tempProject({ onWarning: (w) => warnings.push(w) })
    const run = project.startRun({ customRunId: 'shared', flush: 'worker' })
    const second = reopen(project.dir).startRun({ customRunId: 'shared' })
    for (let step = 0; step <= 10; step++) second.log({ x: step }, { step })
    second.flush()
    for (let step = 5; step <= 15; step++) run.log({ x: 100 + step }, { step })
    run.flush()
    expect(run.dropped()).toEqual({ x: 6 })
    expect(warnings.filter((w) => w.code === 'STEP_NOT_INCREASING').map((w) => w.path)).toEqual(['x'])
    const points = summary(run, 'x')
    expect(points.steps).toEqual([...Array(16).keys()])
    expect(points.values.slice(10)).toEqual([10, 111, 112, 113, 114, 115])
    second.close()
    run.close()
  })
})

describe('SIGKILL of a process whose flushes a worker writes', () => {
  it('keeps every flushed point and a gapless prefix of the handed-over ones; the file passes integrity_check', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const dir = tempProjectDir()
      const child = runFixture('kill9-worker-writer', [dir, String(3000 + attempt * 1111)])
      const line = await child.line('flushed ')
      await new Promise((resolve) => setTimeout(resolve, 50 + attempt * 100)) // batches in flight
      child.process.kill('SIGKILL')
      expect((await child.ended).signal).toBe('SIGKILL')
      const flushed = Number(line.split(' ')[1])
      const side = sideConnection(dir)
      expect(side.pragma('integrity_check', { simple: true })).toBe('ok')
      side.close()
      const project = reopen(dir)
      const run = project.runs.get(project.runs.list()[0]!.id)
      const value = (step: number) => Math.sin(step) * 1000 + step
      for (const path of ['train/loss', 'train/acc']) {
        const points = run.field(path).fetchValues() as SeriesPoints
        expect(points.values.length).toBeGreaterThanOrEqual(flushed)
        for (let i = 0; i < points.values.length; i++) {
          expect(points.steps[i]).toBe(i)
          expect(points.values[i]).toBe(path === 'train/loss' ? value(i) : -value(i))
        }
      }
      expect(run.fetch('parameters/lr')).toBe(0.01)
      expect(run.field('logs/notes').fetchValues().values).toEqual(['before the flush'])
      expect(child.stderr()).toBe('')
    }
  })

  it('process.exit() without close: the exit hook waits for the worker, every point is on disk', async () => {
    const dir = tempProjectDir()
    process.env.NEREID_FLUSH = 'worker'
    let child
    try {
      child = runFixture('signal-writer', [dir, '5000', 'exit'])
    } finally {
      delete process.env.NEREID_FLUSH
    }
    await child.line('logged ')
    expect((await child.ended).code).toBe(0)
    const project = reopen(dir)
    const run = project.runs.get(project.runs.list()[0]!.id)
    const loss = run.field('train/loss').fetchValues() as SeriesPoints
    expect(loss.values.length).toBe(5000)
    expect(loss.values[4999]).toBe(1 / 5000)
    expect(run.field('sys/state').fetch()).toBe('idle')
  })
})
