/**
 * exportParquet / exportCsv on the fixture project, read back with DuckDB (an independent reader): the
 * schema's types, every value of every type (series bit-exact), the layout, forks, subsets, CSV = Parquet,
 * and each bad input as a typed error that writes nothing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openProject, type ReadonlyProject } from '../../src/index.js'
import {
  exportCsv,
  exportParquet,
  sanitizePathPart,
  type ColumnarExportReport,
} from '../../src/share/index.js'
import { track } from '../helpers/project.js'
import { tempDir } from '../helpers/tmp.js'
import {
  ATOMS,
  CHILD,
  FILE,
  fixtureProject,
  LONG,
  longValue,
  PRED,
  SET,
  SET_FILES,
  SPECIAL,
  TEXT,
} from './fixture.js'
import { duck, parquetTypes, readParquet, type ReadRow } from './read-back.js'

let project: ReadonlyProject
let report: ColumnarExportReport
let rows: ReadRow[]
const VALUE_COLUMNS = [
  'int_value',
  'float_value',
  'string_value',
  'bool_value',
  'datetime_value',
  'string_set_value',
  'file_value',
  'histogram_value',
] as const

const out = () => join(tempDir('export-out-'), 'out')
const glob = (r: ColumnarExportReport, ext = 'parquet') => join(r.dataDir, `*.${ext}`)
const of = (run: string, path: string) => rows.filter((r) => r.run_id === run && r.attribute_path === path)
const one = (run: string, path: string) => {
  const found = of(run, path)
  expect(found, `${run} ${path}`).toHaveLength(1)
  return found[0]!
}
/** The value columns of `row` that are not null. */
const filled = (row: ReadRow) => VALUE_COLUMNS.filter((c) => row[c] !== null)

beforeAll(async () => {
  const { dir } = await fixtureProject()
  project = openProject(dir, { readonly: true })
  track(project as never)
  report = await exportParquet(project, out(), {
    projectId: 'ws/fx',
    partBytes: 16 * 1024,
    rowGroupRows: 500,
  })
  rows = await readParquet(glob(report))
})

describe('exportParquet', () => {
  it('writes the neptune-exporter column types', async () => {
    expect(await parquetTypes(glob(report))).toEqual({
      project_id: 'VARCHAR',
      run_id: 'VARCHAR',
      attribute_path: 'VARCHAR',
      attribute_type: 'VARCHAR',
      step: 'DECIMAL(18,6)',
      timestamp: 'TIMESTAMP WITH TIME ZONE',
      int_value: 'BIGINT',
      float_value: 'DOUBLE',
      string_value: 'VARCHAR',
      bool_value: 'BOOLEAN',
      datetime_value: 'TIMESTAMP WITH TIME ZONE',
      string_set_value: 'VARCHAR[]',
      file_value: 'STRUCT(path VARCHAR)',
      histogram_value: 'STRUCT("type" VARCHAR, edges DOUBLE[], "values" DOUBLE[])',
    })
  })

  it('sets exactly one value column per row (none for histograms) and the project id on every row', () => {
    expect(rows.length).toBe(report.rows)
    for (const row of rows) {
      expect(row.project_id).toBe('ws/fx')
      expect(filled(row).length, `${row.run_id} ${row.attribute_path} ${row.step}`).toBe(1)
    }
  })

  it('exports every atom with its type, exactly', () => {
    const expected: Record<string, [string, (typeof VALUE_COLUMNS)[number], unknown]> = {
      'params/lr': ['float', 'float_value', 0.01],
      'params/neg_zero': ['float', 'float_value', -0],
      'params/nan': ['float', 'float_value', Number.NaN],
      'params/inf': ['float', 'float_value', Number.POSITIVE_INFINITY],
      'params/big': ['int', 'int_value', 2n ** 60n],
      'params/neg': ['int', 'int_value', -5n],
      'params/amp': ['bool', 'bool_value', true],
      'params/off': ['bool', 'bool_value', false],
      'params/name': ['string', 'string_value', ATOMS['params/name']],
      'params/empty': ['string', 'string_value', ''],
      'params/unicode': ['string', 'string_value', 'ü∂漢'],
      'params/when': ['datetime', 'datetime_value', 1_700_000_000_123],
      'params/set': ['string_set', 'string_set_value', SET],
    }
    for (const [path, [type, column, value]] of Object.entries(expected)) {
      const row = one('FX-1', path)
      expect(row.attribute_type, path).toBe(type)
      expect(row.step).toBeNull()
      expect(row.timestamp).toBeNull()
      if (typeof value === 'number')
        expect(Object.is(row[column], value), `${path}: ${String(row[column])}`).toBe(true)
      else expect(row[column], path).toEqual(value)
    }
  })

  it('exports sys/ fields as the run holds them', () => {
    const sys = project.runs.get('FX-1').fetch('sys') as Record<string, unknown>
    expect(one('FX-1', 'sys/id').string_value).toBe('FX-1')
    expect(one('FX-1', 'sys/custom_run_id').string_value).toBe('job-7')
    expect(one('FX-1', 'sys/name').string_value).toBe('full')
    expect(one('FX-1', 'sys/tags')).toMatchObject({
      attribute_type: 'string_set',
      string_set_value: ['a', 'b'],
    })
    expect(one('FX-1', 'sys/creation_time').datetime_value).toBe((sys.creation_time as Date).getTime())
    expect(one('FX-1', 'sys/size')).toMatchObject({ attribute_type: 'int', int_value: sys.size })
    expect(one('FX-1', 'sys/failed')).toMatchObject({ attribute_type: 'bool', bool_value: false })
  })

  it('exports float series points bit-exact with their steps and timestamps', () => {
    const special = of('FX-1', 'metrics/special')
    expect(special.map((r) => r.step)).toEqual([
      '0.000000',
      '1.000000',
      '2.000000',
      '2.500000',
      '3.250000',
      '4.000000',
      '1000000.000000',
      '123456789.125000',
    ])
    expect(special.map((r) => r.timestamp)).toEqual(SPECIAL.timestamps)
    special.forEach((r, i) => {
      expect(r.attribute_type).toBe('float_series')
      expect(Object.is(r.float_value, SPECIAL.values[i]), `point ${i}: ${r.float_value}`).toBe(true)
    })
    const long = of('FX-1', 'metrics/long')
    expect(long).toHaveLength(LONG)
    long.forEach((r, i) => {
      if (
        r.step !== `${i}.000000` ||
        !Object.is(r.float_value, longValue(i)) ||
        r.timestamp !== 1_700_000_000_000 + i
      ) {
        throw new Error(
          `metrics/long point ${i} read back as ${JSON.stringify([r.step, r.float_value, r.timestamp])}`,
        )
      }
    })
  })

  it('exports string series points', () => {
    const text = of('FX-1', 'logs/text')
    expect(text.map((r) => [r.attribute_type, r.step, r.string_value, r.timestamp])).toEqual(
      TEXT.values.map((v, i) => ['string_series', `${TEXT.steps[i]}.000000`, v, TEXT.timestamps[i]]),
    )
  })

  it('exports file fields as paths under files/<project>, with their bytes there', () => {
    const root = report.filesDir
    expect(root.endsWith(join('files', sanitizePathPart('ws/fx')))).toBe(true)
    const file = one('FX-1', FILE.path)
    expect(file).toMatchObject({ attribute_type: 'file', file_value: 'FX-1/model/weights.pt', step: null })
    expect(readFileSync(join(root, file.file_value!), 'utf8')).toBe(FILE.content)

    const set = one('FX-1', 'source/tree')
    expect(set).toMatchObject({ attribute_type: 'file_set', file_value: 'FX-1/source/tree' })
    for (const [path, content] of Object.entries(SET_FILES))
      expect(readFileSync(join(root, set.file_value!, path), 'utf8')).toBe(content)

    const pred = of('FX-1', 'images/pred')
    expect(pred.map((r) => [r.attribute_type, r.step, r.timestamp, r.file_value])).toEqual(
      PRED.map((p) => [
        'file_series',
        `${p.step}.000000`,
        p.timestamp,
        `FX-1/images/pred/step_${p.step}_000000.png`,
      ]),
    )
    PRED.forEach((p, i) => expect(readFileSync(join(root, pred[i]!.file_value!), 'utf8')).toBe(p.content))

    const artifact = one('FX-1', 'data/train')
    expect(artifact).toMatchObject({
      attribute_type: 'artifact',
      file_value: 'FX-1/data/train/files_list.json',
    })
    const list = JSON.parse(readFileSync(join(root, artifact.file_value!), 'utf8')) as {
      filePath: string
      size: number
      type: string
    }[]
    expect(list.map((f) => [f.filePath, f.size, f.type])).toEqual(
      Object.entries(SET_FILES).map(([path, content]) => [path, content.length, 'Local']),
    )
    expect(readdirSync(root).filter((n) => n.startsWith('.staging'))).toEqual([])
  })

  it('lays the parts out as the exporter does: sanitized names, several parts and row groups, no .tmp left', async () => {
    const names = readdirSync(report.dataDir)
    expect(names.some((n) => n.endsWith('.tmp'))).toBe(false)
    const first = report.runs.find((r) => r.id === 'FX-1')!
    expect(first.parts.length).toBeGreaterThan(1)
    expect(first.parts.map((p) => p.slice(report.dataDir.length + 1))).toEqual(
      first.parts.map((_, n) => `${sanitizePathPart('FX-1')}_part_${n}.parquet`),
    )
    const groups = await duck(
      `SELECT count(DISTINCT (file_name, row_group_id)) AS n FROM parquet_metadata('${glob(report)}')`,
    )
    expect(Number(groups[0]!.n)).toBeGreaterThan(first.parts.length)
    // Within a run: parameters, then metrics, then string series, then files.
    const order = {
      float: 0,
      int: 0,
      bool: 0,
      string: 0,
      datetime: 0,
      string_set: 0,
      float_series: 1,
      string_series: 2,
      file: 3,
      file_set: 3,
      file_series: 3,
      artifact: 3,
    } as Record<string, number>
    const groupsInOrder = rows.filter((r) => r.run_id === 'FX-1').map((r) => order[r.attribute_type]!)
    expect(groupsInOrder).toEqual([...groupsInOrder].sort((a, b) => a - b))
  })

  it('exports only a fork’s own points, and where it was forked from', () => {
    const child = of('FX-2', 'metrics/special')
    expect(child.map((r) => [r.step, r.float_value, r.timestamp])).toEqual(
      CHILD.steps.map((s, i) => [`${s}.000000`, CHILD.values[i], CHILD.timestamps[i]]),
    )
    expect(of('FX-2', 'metrics/long')).toEqual([])
    expect(one('FX-2', 'sys/forking/parent').string_value).toBe('FX-1')
    expect(one('FX-2', 'sys/forking/step')).toMatchObject({ attribute_type: 'float', float_value: 3 })
  })

  it('exports only the runs of a query, of --runs, or of both', async () => {
    const runIds = async (r: ColumnarExportReport) => (await readParquet(glob(r))).map((row) => row.run_id)
    const byQuery = await exportParquet(project, out(), { query: 'sys/tags CONTAINS "c"' })
    expect(new Set(await runIds(byQuery))).toEqual(new Set(['FX-3']))
    const byIds = await exportParquet(project, out(), { runs: ['FX-3', 'FX-2'] })
    expect(byIds.runs.map((r) => r.id)).toEqual(['FX-2', 'FX-3'])
    expect(new Set(await runIds(byIds))).toEqual(new Set(['FX-2', 'FX-3']))
    const both = await exportParquet(project, out(), {
      runs: ['FX-1', 'FX-3'],
      query: 'sys/tags CONTAINS "a"',
    })
    expect(both.runs.map((r) => r.id)).toEqual(['FX-1'])
  })
})

describe('exportCsv', () => {
  it('writes the same rows as the Parquet export', async () => {
    const csv = await exportCsv(project, out(), { projectId: 'ws/fx', files: false, partBytes: 4096 })
    expect(csv.runs.find((r) => r.id === 'FX-1')!.parts.length).toBeGreaterThan(1)
    const types = `{'project_id': 'VARCHAR', 'run_id': 'VARCHAR', 'attribute_path': 'VARCHAR', 'attribute_type': 'VARCHAR', 'step': 'DECIMAL(18,6)',
      'timestamp': 'TIMESTAMPTZ', 'int_value': 'BIGINT', 'float_value': 'DOUBLE', 'string_value': 'VARCHAR', 'bool_value': 'BOOLEAN',
      'datetime_value': 'TIMESTAMPTZ', 'string_set_value': 'VARCHAR', 'file_value': 'VARCHAR', 'histogram_value': 'VARCHAR'}`
    const read =
      await duck(`SELECT project_id, run_id, attribute_path, attribute_type, CAST(step AS VARCHAR) AS step, epoch_ms(timestamp) AS timestamp,
      int_value, float_value, string_value, bool_value, epoch_ms(datetime_value) AS datetime_value, from_json(string_set_value, '["VARCHAR"]') AS string_set_value,
      json_extract_string(file_value, '$.path') AS file_value, histogram_value
      FROM read_csv('${glob(csv, 'csv')}', header = true, columns = ${types}, allow_quoted_nulls = false, filename = true) ORDER BY filename`)
    const csvRows = read.map((r) => ({
      ...r,
      timestamp: r.timestamp === null ? null : Number(r.timestamp),
      datetime_value: r.datetime_value === null ? null : Number(r.datetime_value),
    }))
    expect(csvRows.length).toBe(rows.length)
    const key = (r: Record<string, unknown>) =>
      `${String(r.run_id)} ${String(r.attribute_path)} ${String(r.step)}`
    const parquet = new Map(rows.map((r) => [key(r as never), r]))
    for (const row of csvRows) {
      const p = parquet.get(key(row))
      expect(p, key(row)).toBeDefined()
      for (const [column, value] of Object.entries(row)) {
        if (column === 'float_value' && typeof value === 'number')
          expect(Object.is(value, p!.float_value), `${key(row)}: ${value} vs ${p!.float_value}`).toBe(true)
        else expect(value, `${key(row)} ${column}`).toEqual((p as unknown as Record<string, unknown>)[column])
      }
    }
  })
})

describe('bad input', () => {
  const rejects = async (run: () => Promise<unknown>, code: string, hint: RegExp) => {
    const error = (await run().then(
      () => undefined,
      (e: unknown) => e,
    )) as { code?: string; hint?: string } | undefined
    expect(error?.code).toBe(code)
    expect(error?.hint).toMatch(hint)
  }

  it('refuses an output directory that is not empty, or is a file, and leaves it alone', async () => {
    const dir = tempDir('export-full-')
    writeFileSync(join(dir, 'keep.txt'), 'x')
    await rejects(() => exportParquet(project, dir), 'OUT_NOT_EMPTY', /new or empty directory/)
    expect(readdirSync(dir)).toEqual(['keep.txt'])
    await rejects(() => exportCsv(project, join(dir, 'keep.txt')), 'OUT_NOT_A_DIRECTORY', /new directory/)
  })

  it('refuses an unknown run id or a bad query before writing anything', async () => {
    const target = out()
    await rejects(
      () => exportParquet(project, target, { runs: ['FX-1', 'FX-9'] }),
      'RUN_NOT_FOUND',
      /Did you mean 'FX-1'/,
    )
    await rejects(
      () => exportParquet(project, target, { query: 'metrics/acc >' }),
      'QUERY_SYNTAX',
      /query syntax/,
    )
    expect(existsSync(target)).toBe(false)
  })

  it('refuses unknown options and values of the wrong kind', async () => {
    await rejects(
      () => exportParquet(project, out(), { run: ['FX-1'] } as never),
      'UNKNOWN_OPTION',
      /Did you mean 'runs'/,
    )
    await rejects(
      () => exportParquet(project, out(), { partBytes: 0 }),
      'INVALID_OPTION',
      /positive whole number/,
    )
    await rejects(
      () => exportParquet(project, out(), { runs: 'FX-1' as never }),
      'INVALID_OPTION',
      /array of run ids/,
    )
  })
})
