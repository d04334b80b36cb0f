import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { importMlflow } from '../../../src/ingest/index.js'
import { openForeignDatabase } from '../../../src/index.js'
import { tempProject } from '../../helpers/project.js'
import { tempDir } from '../../helpers/tmp.js'
import { LOSS, RUN_A, T0, writeMlflowDb, writeMlruns } from '../../fixtures/ingest/mlflow-store.js'
import { projectDigest } from '../helpers.js'

describe('importMlflow from mlflow.db', () => {
  it('maps params, tags, metrics (NaN, ±Inf, repeated steps) and artifacts; skips deleted runs', async () => {
    const root = tempDir()
    const { db } = writeMlflowDb(root)
    const project = tempProject()
    const report = await importMlflow(project, db)
    expect(report.created).toHaveLength(1)
    expect(report.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/deleted/),
      expect.stringMatching(/step 5 is logged more than once/),
    ])
    const run = project.runs.get(report.created[0]!)
    expect(run.field('sys/name').fetch()).toBe('bold-owl-42')
    expect(run.field('sys/owner').fetch()).toBe('grace')
    expect(run.field('sys/failed').fetch()).toBe(true)
    expect(run.field('sys/running_time').fetch()).toBe(90.5)
    expect(run.field('sys/experiment').fetch()).toBe('detector')
    expect((run.field('sys/creation_time').fetch() as Date).getTime()).toBe(T0)
    expect(run.field('import/original_id').fetch()).toBe(RUN_A)
    expect(run.field('params/lr').fetch()).toBe('0.001')
    expect(run.field('params/layers').fetch()).toBe('[64, 64]')
    expect(run.field('tags/mlflow.source.git.commit').fetch()).toBe('abc123')
    const loss = run.field('metrics/loss').fetchValues() as {
      steps: Float64Array
      values: Float64Array
      timestamps: Float64Array
    }
    expect(Array.from(loss.steps)).toEqual([0, 1, 2, 3, 4, 5])
    expect(Array.from(loss.timestamps)).toEqual([T0, T0 + 1000, T0 + 2000, T0 + 3000, T0 + 4000, T0 + 6000])
    expect(Array.from(loss.values)).toEqual([0.9, LOSS[1]![2], Number.NaN, Infinity, -Infinity, 0.2])
    expect(run.field('artifacts/model/MLmodel').fetch()).toMatchObject({ size: 12 })
    expect(run.field('artifacts/confusion.png').fetch()).toMatchObject({ mime: 'image/png' })
    expect(project.fetchRunsTable({ query: '`params/lr`:string = "0.001"' }).rows).toHaveLength(1)
  })

  it('re-importing changes nothing', async () => {
    const { db } = writeMlflowDb(tempDir())
    const project = tempProject()
    await importMlflow(project, db)
    const before = projectDigest(project)
    const again = await importMlflow(project, db)
    expect(again.created).toEqual([])
    expect(projectDigest(project)).toBe(before)
  })

  it('a file that is not SQLite is NOT_SQLITE; SQLite without MLflow tables is NOT_MLFLOW_DB', async () => {
    const dir = tempDir()
    writeFileSync(
      join(dir, 'junk.db'),
      'this is not a database, just text long enough to be read as a header',
    )
    await expect(importMlflow(tempProject(), join(dir, 'junk.db'))).rejects.toMatchObject({
      code: 'NOT_SQLITE',
    })
    const other = new BetterSqlite3(join(dir, 'other.db'))
    other.exec('CREATE TABLE runs (x)')
    other.close()
    await expect(importMlflow(tempProject(), join(dir, 'other.db'))).rejects.toMatchObject({
      code: 'NOT_MLFLOW_DB',
    })
    expect(() => openForeignDatabase(join(dir, 'none.db'))).toThrow(
      expect.objectContaining({ code: 'DATABASE_NOT_FOUND' }),
    )
  })
})

describe('importMlflow from the file store', () => {
  it('reads meta.yaml, nested keys and metric lines; a malformed line is reported with file and line', async () => {
    const mlruns = writeMlruns(tempDir())
    const project = tempProject()
    const report = await importMlflow(project, mlruns)
    expect(report.skipped).toEqual([
      expect.objectContaining({ file: expect.stringMatching(/metrics\/val\/acc$/), row: 3 }),
    ])
    const run = project.runs.get(report.created[0]!)
    expect(run.field('sys/name').fetch()).toBe('calm-fox')
    expect(run.field('sys/experiment').fetch()).toBe('seg')
    expect(run.field('params/opt/name').fetch()).toBe('sgd')
    expect(run.field('import/status').fetch()).toBe('FINISHED')
    const acc = run.field('metrics/val/acc').fetchValues() as { steps: Float64Array; values: Float64Array }
    expect(Array.from(acc.steps)).toEqual([0, 1, 2])
    expect(Array.from(acc.values)).toEqual([0.5, 0.75, Number.NaN])
    expect(run.field('artifacts/notes.txt').fetch()).toMatchObject({ size: 5 })
  })
})
