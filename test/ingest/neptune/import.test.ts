import { writeFileSync, truncateSync, statSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importNeptune } from '../../../src/ingest/index.js'
import type { HistogramPoints } from '../../../src/index.js'
import { tempProject } from '../../helpers/project.js'
import { tempDir } from '../../helpers/tmp.js'
import { sanitizePathPart, writeExporterPart } from '../../fixtures/ingest/neptune-parquet.js'
import { T0, V3, writeV2Dump, writeV3Dump } from '../../fixtures/ingest/neptune-dump.js'
import { projectDigest } from '../helpers.js'

function bits(values: ArrayLike<number>): string[] {
  return Array.from(values, (v) => Buffer.from(new Float64Array([v]).buffer).toString('hex'))
}

describe('importNeptune, 3.x layout', () => {
  it('imports runs with sys fields, typed atoms, exact series, files and the fork', async () => {
    const dump = writeV3Dump(tempDir())
    const project = tempProject()
    const report = await importNeptune(project, dump.dataDir, { filesDir: dump.filesDir })
    expect(report.created).toHaveLength(2)
    expect(report.skipped).toEqual([])
    const runs = project.runs.list()
    const parentSummary = runs.find((r) => r.customRunId === V3.parent)!
    const parent = project.runs.get(parentSummary.id)
    expect(parentSummary.creationTime.getTime()).toBe(T0)
    expect(parentSummary.tags.sort()).toEqual(['baseline', 'resnet'])
    expect(parent.field('sys/owner').fetch()).toBe('ada')
    expect(parent.field('sys/running_time').fetch()).toBe(12.5)
    expect(parent.field('sys/experiment').fetch()).toBe('exp-a')
    expect(parent.field('import/original_id').fetch()).toBe('VIS-7')
    expect(parent.field('import/sys/group_tags').fetch()).toEqual(['g1'])
    expect(parent.field('import/sys/archived').fetch()).toBe(false)
    expect(parent.field('config/batch').fetch()).toBe(9007199254740993n)
    expect(parent.field('config/lr').fetch()).toBe(0.1)
    expect(parent.field('config/aug').fetch()).toBe(true)
    expect(parent.field('config/opt').fetch()).toBe('adam')
    expect((parent.field('config/started').fetch() as Date).getTime()).toBe(T0 + 1)
    expect(parent.field('config/labels').fetch()).toEqual(['cat', 'dog'])
    const loss = parent.field('train/loss').fetchValues() as {
      steps: Float64Array
      values: Float64Array
      timestamps: Float64Array
    }
    expect(Array.from(loss.steps)).toEqual(V3.steps)
    expect(Array.from(loss.timestamps)).toEqual(V3.steps.map((s) => T0 + s * 1000))
    expect(bits(loss.values)).toEqual(bits(V3.steps.map(V3.loss)))
    const log = parent.field('train/log').fetchValues() as { values: string[] }
    expect(log.values).toEqual(['epoch 1 done', 'epoch 2 done'])
    expect(parent.field('train/hist').type()).toBe('HistogramSeries')
    expect((parent.field('train/hist').fetchValues() as HistogramPoints).values).toEqual([
      { type: 'histogram', edges: [0, 0.5, 1], values: [3, 4] },
    ])
    expect(parent.field('model').fetch()).toMatchObject({ size: 10, name: 'model.bin' })
    const images = parent.field('images').list()
    expect(images.map((e) => [e.step, e.timestamp, e.size])).toEqual([
      [1, T0 + 40, 5],
      [2.5, T0 + 50, 5],
    ])
    const child = project.runs.get(runs.find((r) => r.customRunId === V3.child)!.id)
    expect(child.field('sys/forking/parent').fetch()).toBe(parentSummary.id)
    const childLoss = child.field('train/loss').fetchValues() as { steps: Float64Array }
    expect(Array.from(childLoss.steps)).toEqual([...V3.steps, ...V3.childSteps])
    // the runs table and NQL see imported runs like native ones (the fork inherits configs)
    expect(project.fetchRunsTable({ query: '`config/opt`:string = "adam"' }).rows).toHaveLength(2)
    const table = project.fetchRunsTable({ query: '`import/original_id`:string = "VIS-7"' }).toObjects()
    expect(table.map((r) => r['sys/id'])).toEqual([parentSummary.id])
  })

  it('re-importing changes nothing', async () => {
    const dump = writeV3Dump(tempDir())
    const project = tempProject()
    await importNeptune(project, dump.dataDir, { filesDir: dump.filesDir })
    const before = projectDigest(project)
    const again = await importNeptune(project, dump.dataDir, { filesDir: dump.filesDir })
    expect(again.created).toEqual([])
    expect(again.unchanged).toHaveLength(2)
    expect(projectDigest(project)).toBe(before)
  })
})

describe('importNeptune, 2.x layout', () => {
  it('imports file series by index, the file set, the artifact manifest and keeps other sys fields', async () => {
    const dump = writeV2Dump(tempDir())
    const project = tempProject()
    const report = await importNeptune(project, dump.dataDir)
    expect(report.created).toHaveLength(1)
    expect(report.skipped).toEqual([
      expect.objectContaining({ row: 17, reason: expect.stringContaining("'git_ref'") }),
    ])
    const run = project.runs.get(report.created[0]!)
    expect(run.field('sys/name').fetch()).toBe('old run')
    expect(run.field('sys/description').fetch()).toBe('from 2023')
    expect(run.field('sys/failed').fetch()).toBe(true)
    expect(run.field('sys/state').fetch()).toBe('idle')
    expect(run.field('import/sys/state').fetch()).toBe('Inactive')
    expect(
      run
        .field('preds')
        .list()
        .map((e) => e.step),
    ).toEqual([0, 1])
    expect(
      run
        .field('source')
        .listFiles()
        .map((f) => f.path),
    ).toEqual(['source.zip'])
    expect(run.field('data').fetch()).toMatchObject({ name: 'files_list.json' })
    expect(run.field('cfg').fetch()).toMatchObject({ size: 7 })
  })
})

describe('importNeptune, damaged sources', () => {
  it('a truncated part is a PARQUET_CORRUPT skip naming the file, and the run is not written', async () => {
    const dump = writeV3Dump(tempDir())
    const file = join(dump.projectDir, `${sanitizePathPart(V3.parent)}_part_0.parquet`)
    truncateSync(file, Math.floor(statSync(file).size / 2))
    const project = tempProject()
    const report = await importNeptune(project, dump.dataDir, { filesDir: dump.filesDir })
    expect(report.skipped[0]).toMatchObject({ file, code: 'PARQUET_CORRUPT' })
    // the child's parent is gone: it comes in as a plain run, reported
    expect(report.skipped[1]?.reason).toMatch(/fork parent/)
    expect(project.runs.list().map((r) => r.customRunId)).toEqual([V3.child])
  })

  it('a Parquet file in another schema is NOT_EXPORTER_SCHEMA', async () => {
    const dir = tempDir()
    const projectDir = join(dir, 'data', 'p-0')
    writeExporterPart(join(projectDir, 'r_part_0.parquet'), [])
    // rewrite with a foreign schema: hyparquet-writer, one column
    const { parquetWriteBuffer } = await import('hyparquet-writer')
    writeFileSync(
      join(projectDir, 'r_part_0.parquet'),
      new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'x', data: [1, 2], type: 'INT32' }] })),
    )
    const report = await importNeptune(tempProject(), join(dir, 'data'))
    expect(report.skipped).toEqual([
      expect.objectContaining({ code: 'NOT_EXPORTER_SCHEMA', file: join(projectDir, 'r_part_0.parquet') }),
    ])
    expect(report.created).toEqual([])
  })

  it('a run without part_0 is reported as unfinished; a missing file is a reported skip', async () => {
    const dump = writeV3Dump(tempDir())
    rmSync(join(dump.projectDir, `${sanitizePathPart(V3.child)}_part_0.parquet`))
    rmSync(join(dump.filesDir, sanitizePathPart(V3.project), V3.parent, 'model.bin'))
    const project = tempProject()
    const report = await importNeptune(project, dump.dataDir, { filesDir: dump.filesDir })
    expect(report.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/no part_0/),
      expect.stringMatching(/'model'.*missing/),
    ])
    expect(report.created).toHaveLength(1)
    expect(project.runs.get(report.created[0]!).field('model').exists()).toBe(false)
  })
})
