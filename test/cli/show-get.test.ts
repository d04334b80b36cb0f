import { describe, expect, it } from 'vitest'
import { openProject } from '../../src/index.js'
import { cli, demoWorkspace, json } from './cli.js'

const { dir } = demoWorkspace()
const run = (...args: string[]) => cli([...args, '--project', dir])

describe('nereid show', () => {
  it('prints the run as a tree with types, values and point counts', () => {
    const result = run('show', 'DEMO-1')
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    expect(lines[0]).toBe('DEMO-1  first  idle')
    expect(result.stdout).toMatch(/├─ metrics\n│  └─ acc +FloatSeries +0\.9 \(3 points\)/)
    expect(result.stdout).toMatch(/├─ lr +Float +0\.01/)
    expect(result.stdout).toMatch(/text +StringSeries +hello \(1 point\)/)
    expect(result.stdout).toMatch(/tags +StringSet +a, b/)
  })

  it('prints JSON that parses back', () => {
    const { id, fields } = json<{
      id: string
      fields: { path: string; type: string; value: unknown; count?: number }[]
    }>(run('show', 'DEMO-2', '--json'))
    expect(id).toBe('DEMO-2')
    const byPath = Object.fromEntries(fields.map((f) => [f.path, f]))
    expect(byPath['metrics/acc']).toEqual({
      path: 'metrics/acc',
      type: 'FloatSeries',
      value: 'NaN',
      count: 2,
    })
    expect(byPath['parameters/optimizer']).toEqual({
      path: 'parameters/optimizer',
      type: 'String',
      value: 'sgd',
    })
    expect(byPath['sys/tags']).toMatchObject({ type: 'StringSet', value: ['b'] })
  })

  it('refuses an unknown run with a suggestion (exit 1)', () => {
    const unknown = run('show', 'DEMO-9')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('error [RUN_NOT_FOUND]')
    expect(unknown.stderr).toMatch(/hint: Did you mean 'DEMO-\d'\?/)
  })

  it('without RUN shows the project-level fields (none yet here)', () => {
    const none = run('show')
    expect(none.code).toBe(0)
    expect(none.stdout).toBe('demo\nno project-level fields\n')
    expect(json(run('show', '--json'))).toEqual({ project: 'demo', fields: [] })
    const project = openProject(dir, { onWarning: () => {} })
    project.field('general/brief').assign('cells')
    project.field('general/loss').extend([0.5, 0.25])
    project.close()
    const shown = run('show')
    expect(shown.stdout).toMatch(
      /^demo\n└─ general\n   ├─ brief +String +cells\n   └─ loss +FloatSeries +0\.25 \(2 points\)\n$/,
    )
    expect(json<{ fields: unknown[] }>(run('show', '--json')).fields).toEqual([
      { path: 'general/brief', type: 'String', value: 'cells' },
      { path: 'general/loss', type: 'FloatSeries', value: 0.25, count: 2 },
    ])
  })
})

describe('nereid get', () => {
  it('prints an atom', () => {
    expect(run('get', 'DEMO-1', 'parameters/lr').stdout).toBe('0.01\n')
    expect(run('get', 'DEMO-1', 'parameters/big').stdout).toBe(`${2n ** 60n}\n`)
    expect(run('get', 'DEMO-1', 'sys/tags').stdout).toBe('a\nb\n')
    expect(json(run('get', 'DEMO-1', 'parameters/big', '--json'))).toEqual({
      run: 'DEMO-1',
      path: 'parameters/big',
      type: 'Integer',
      value: String(2n ** 60n),
    })
    expect(run('get', 'DEMO-1', 'parameters/optimizer', '--csv').stdout).toBe(
      'path,type,value\nparameters/optimizer,String,adam\n',
    )
  })

  it("prints a series' points as a table, CSV or JSON", () => {
    expect(run('get', 'DEMO-1', 'metrics/acc').stdout).toBe(
      'step\tvalue\ttimestamp\n0\t0.5\t1970-01-01T00:00:01.000Z\n1\t0.7\t1970-01-01T00:00:02.000Z\n2\t0.9\t1970-01-01T00:00:03.000Z\n',
    )
    expect(run('get', 'DEMO-1', 'metrics/acc', '--csv', '--from', '1').stdout).toBe(
      'step,value,timestamp\n1,0.7,1970-01-01T00:00:02.000Z\n2,0.9,1970-01-01T00:00:03.000Z\n',
    )
    const body = json<{ type: string; points: { step: number; value: unknown; timestamp: string }[] }>(
      run('get', 'DEMO-2', 'metrics/acc', '--json'),
    )
    expect(body.type).toBe('FloatSeries')
    expect(body.points.map((p) => [p.step, p.value])).toEqual([
      [0, 0.2],
      [1, 'NaN'],
    ])
    expect(
      json<{ points: unknown[] }>(run('get', 'DEMO-1', 'metrics/acc', '--json', '--from', '1', '--to', '1'))
        .points,
    ).toHaveLength(1)
    expect(run('get', 'DEMO-1', 'logs/text').stdout).toBe(
      'step\tvalue\ttimestamp\n0\thello\t1970-01-01T00:00:00.000Z\n',
    )
  })

  it('prints every field of a namespace', () => {
    const { fields } = json<{ fields: { path: string; value: unknown }[] }>(
      run('get', 'DEMO-1', 'parameters', '--json'),
    )
    expect(fields.map((f) => f.path)).toEqual([
      'parameters/big',
      'parameters/lr',
      'parameters/optimizer',
      'parameters/small',
    ])
    expect(run('get', 'DEMO-1', 'parameters').stdout).toMatch(/parameters\/lr +│ Float +│ 0\.01/)
  })

  it.each([
    [['DEMO-1', 'nope'], 1, 'FIELD_NOT_FOUND'],
    [['DEMO-1', 'parameters/lrr'], 1, 'FIELD_NOT_FOUND'],
    [['DEMO-7', 'parameters/lr'], 1, 'RUN_NOT_FOUND'],
    [['DEMO-1', 'a//b'], 2, 'INVALID_PATH'],
    [['DEMO-1', 'parameters/lr', '--from', '1'], 2, 'USAGE'],
    [['DEMO-1', 'metrics/acc', '--from', 'x'], 2, 'USAGE'],
  ])('%j exits %i with %s', (args, code, errorCode) => {
    const result = run('get', ...args)
    expect(result.code).toBe(code)
    expect(result.stderr).toContain(`error [${errorCode}]`)
    expect(result.stderr).toContain('hint: ')
  })

  it('suggests the nearest field', () => {
    expect(run('get', 'DEMO-1', 'parameters/lrr').stderr).toContain("Did you mean 'parameters/lr'?")
  })
})

describe('nereid stats', () => {
  it('prints counts as JSON and as a table', () => {
    const stats = json<{
      runs: number
      runsByState: Record<string, number>
      fields: number
      seriesPoints: number
      dbBytes: number
    }>(run('stats', '--json'))
    expect(stats.runs).toBe(3)
    expect(stats.runsByState).toEqual({ idle: 3 })
    expect(stats.seriesPoints).toBeGreaterThanOrEqual(7)
    expect(stats.dbBytes).toBeGreaterThan(0)
    const table = run('stats')
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/runsByState\.idle +│ 3/)
    expect(table.stdout).toMatch(/dbBytes +│ [\d.]+ \w+ \(\d+ bytes\)/)
    expect(run('stats', '--csv').stdout).toMatch(/^name,value\nruns,3\n/)
  })
})
