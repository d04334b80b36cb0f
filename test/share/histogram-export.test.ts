/**
 * A HistogramSeries is exported in the neptune-exporter schema as `histogram_value` rows (Parquet struct,
 * CSV JSON), and the Neptune importer reads such a dump back as a HistogramSeries, point for point.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { openProject, type Histogram, type HistogramPoints } from '../../src/index.js'
import { importNeptune } from '../../src/ingest/index.js'
import { exportCsv, exportParquet } from '../../src/share/index.js'
import { tempProject } from '../helpers/project.js'
import { tempDir } from '../helpers/tmp.js'

const h1: Histogram = { type: 'histogram', edges: [0, 0.5, 1], values: [3, 4] }

describe('HistogramSeries in the export', () => {
  it('is exported as histogram_value and imported back by the Neptune importer', async () => {
    const source = tempProject()
    const run = source.startRun({ customRunId: 'hist-run' })
    run.field('w/l1').extend([h1, { type: 'histogram', edges: [0, 2], values: [0.25] }], { steps: [1, 2] })
    run.close()
    const reader = openProject(source.dir, { readonly: true })
    const out = tempDir()
    const report = await exportParquet(reader, out)
    const csv = await exportCsv(reader, tempDir())
    reader.close()
    const csvText = csv.runs
      .flatMap((r) => r.parts)
      .map((p) => readFileSync(p, 'utf8'))
      .join('')
    expect(csvText).toContain('histogram_series')
    expect(csvText).toContain('""edges"":[0,0.5,1]')
    const target = tempProject()
    await importNeptune(target, report.dataDir, { filesDir: report.filesDir })
    const imported = target.runs.list().find((r) => r.customRunId === 'hist-run')!
    const field = target.runs.get(imported.id).field('w/l1')
    expect(field.type()).toBe('HistogramSeries')
    const points = field.fetchValues() as HistogramPoints
    expect([...points.steps]).toEqual([1, 2])
    expect(points.values).toEqual([h1, { type: 'histogram', edges: [0, 2], values: [0.25] }])
  })
})
