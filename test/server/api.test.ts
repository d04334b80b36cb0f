/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read JSON replies loosely and assert their shape */
/** Every API endpoint in memory with app.request(), and the bad requests of each. */
import { beforeAll, describe, expect, test } from 'vitest'
import type { ServerApp } from '../../src/server/app.js'
import { appOver, demoWorkspace, type Demo } from './fixture.js'

let demo: Demo
let app: ServerApp

beforeAll(async () => {
  demo = await demoWorkspace()
  app = appOver(demo.home).app
})

async function get(path: string, init?: RequestInit): Promise<{ status: number; body: any; res: Response }> {
  const res = await app.request(path, init)
  const text = await res.text()
  return {
    status: res.status,
    body: res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text,
    res,
  }
}

async function expectError(path: string, status: number, code: string): Promise<any> {
  const { status: got, body } = await get(path)
  expect({ got, code: body.error?.code }).toEqual({ got: status, code })
  expect(typeof body.error.message).toBe('string')
  expect(body.error.hint.length).toBeGreaterThan(0)
  return body.error
}

const P = '/api/projects/demo'

describe('workspace', () => {
  test('session and projects list the projects with statistics', async () => {
    expect((await get('/api/session')).body).toEqual({ projects: ['demo', 'other'], auth: 'none' })
    const { body } = await get('/api/projects')
    expect(body.total).toBe(2)
    expect(body.items[0]).toMatchObject({ name: 'demo', runs: 2, running: 0, stale: 0, failed: 0 })
    expect(body.items[0].bytes).toBeGreaterThan(0)
    expect(typeof body.items[0].lastActivity).toBe('string')
    expect((await get('/api/projects?limit=1&offset=1')).body.items.map((p: any) => p.name)).toEqual([
      'other',
    ])
  })

  test('a project gives its stats; an unknown one is 404', async () => {
    expect((await get(P)).body).toMatchObject({ name: 'demo', stats: { runs: 2, models: 1, experiments: 1 } })
    await expectError('/api/projects/nope', 404, 'PROJECT_NOT_FOUND')
  })
})

describe('runs table', () => {
  test('columns, sort, order and paging through the query engine', async () => {
    const { body } = await get(
      `${P}/runs?columns=parameters/lr,metrics/acc:max&sort=sys/name&order=asc&limit=1`,
    )
    expect(body.total).toBe(2)
    expect(body.columns).toEqual([
      { path: 'sys/id', type: 'String' },
      { path: 'parameters/lr', type: 'Float' },
      { path: 'metrics/acc:max', type: 'FloatSeries' },
    ])
    expect(body.items).toEqual([{ 'sys/id': 'DEMO-1', 'parameters/lr': 0.01, 'metrics/acc:max': 0.9 }])
    const next = (await get(`${P}/runs?sort=sys/name&order=asc&limit=1&offset=1`)).body
    expect(next.items[0]['sys/id']).toBe('DEMO-2')
    expect(next.items[0]['sys/name']).toBe('second')
  })

  test('a query filters and total counts the matches', async () => {
    const { body } = await get(`${P}/runs?query=${encodeURIComponent('parameters/lr > 0.001')}`)
    expect(body.total).toBe(1)
    expect(body.items.map((r: any) => r['sys/id'])).toEqual(['DEMO-1'])
  })

  test('a malformed query is 400 with the parser message and column', async () => {
    const error = await expectError(`${P}/runs?query=${encodeURIComponent('acc >')}`, 400, 'QUERY_SYNTAX')
    expect(error.column).toBe(6)
  })

  test('bad paging, order and sort are 400', async () => {
    await expectError(`${P}/runs?limit=1001`, 400, 'BAD_REQUEST')
    await expectError(`${P}/runs?limit=-1`, 400, 'BAD_REQUEST')
    await expectError(`${P}/runs?offset=x`, 400, 'BAD_REQUEST')
    await expectError(`${P}/runs?order=up`, 400, 'BAD_REQUEST')
    await expectError(
      `${P}/runs?columns=${Array.from({ length: 201 }, (_, i) => `c${i}`).join(',')}`,
      400,
      'BAD_REQUEST',
    )
  })

  test('columns lists every path with its type', async () => {
    const { body } = await get(`${P}/columns`)
    expect(body.items).toContainEqual({ path: 'metrics/loss', type: 'FloatSeries' })
    expect(body.items).toContainEqual({ path: 'model/weights', type: 'File' })
  })
})

describe('one run', () => {
  test('sys values, lineage, structure, stale', async () => {
    const { body } = await get(`${P}/runs/DEMO-1`)
    expect(body).toMatchObject({
      id: 'DEMO-1',
      customRunId: null,
      lineage: { parent: null, step: null, depth: 0 },
      stale: false,
    })
    expect(body.sys['sys/name']).toBe('first')
    expect(body.sys['sys/tags']).toEqual(['a'])
    expect(body.structure.metrics).toEqual({ acc: 'FloatSeries', loss: 'FloatSeries' })
  })

  test('fields by prefix and page, with JSON-safe values', async () => {
    const { body } = await get(`${P}/runs/DEMO-1/fields?prefix=parameters`)
    expect(body.items).toEqual([
      { path: 'parameters/big', type: 'Integer', value: '1152921504606846976' },
      { path: 'parameters/lr', type: 'Float', value: 0.01 },
      { path: 'parameters/optimizer', type: 'String', value: 'adam' },
    ])
    const two = (await get(`${P}/runs/DEMO-2/fields?prefix=metrics`)).body
    expect(two.items).toEqual([{ path: 'metrics/acc', type: 'FloatSeries', value: 'NaN' }])
    const paged = (await get(`${P}/runs/DEMO-1/fields?limit=2&offset=1`)).body
    expect(paged.items).toHaveLength(2)
    expect(paged.total).toBeGreaterThan(10)
  })

  test('unknown run, unknown prefix, bad prefix', async () => {
    await expectError(`${P}/runs/DEMO-9`, 404, 'RUN_NOT_FOUND')
    await expectError(`${P}/runs/DEMO-1/fields?prefix=nope`, 404, 'FIELD_NOT_FOUND')
    await expectError(`${P}/runs/DEMO-1/fields?prefix=${encodeURIComponent('a//b')}`, 400, 'INVALID_PATH')
    await expectError(`${P}/runs/${'x'.repeat(300)}`, 400, 'BAD_REQUEST')
  })
})

describe('series', () => {
  test('level of detail: buckets with exact min/max, Infinity and NaN as strings', async () => {
    const { body } = await get(`${P}/runs/DEMO-1/series?path=metrics/loss&buckets=10`)
    expect(body).toMatchObject({
      path: 'metrics/loss',
      type: 'FloatSeries',
      from: 0,
      to: 4999,
      mode: 'buckets',
    })
    expect(body.buckets.count.reduce((a: number, b: number) => a + b, 0)).toBe(5000)
    expect(body.buckets.max[0]).toBe('Infinity')
    expect(body.buckets.min[9]).toBe(1 / 5000)
    expect(Object.keys(body.buckets).sort()).toEqual([
      'count',
      'end',
      'first',
      'last',
      'lastStep',
      'lastTime',
      'max',
      'min',
      'start',
      'sum',
    ])
  })

  test('a zoom window with few points gives points; NaN as a string', async () => {
    const { body } = await get(`${P}/runs/DEMO-1/series?path=metrics/loss&from=99&to=101&buckets=10`)
    expect(body).toMatchObject({ mode: 'points', from: 99, to: 101 })
    expect(body.points.values).toEqual([0.01, 'NaN', 1 / 102])
  })

  test('after returns only the later points', async () => {
    const { body } = await get(`${P}/runs/DEMO-1/series?path=metrics/acc&after=1`)
    expect(body).toMatchObject({
      mode: 'points',
      more: false,
      points: { steps: [2], values: [0.9], timestamps: [3000] },
    })
    expect((await get(`${P}/runs/DEMO-1/series?path=metrics/loss&after=10&limit=5`)).body).toMatchObject({
      more: true,
      points: { steps: [11, 12, 13, 14, 15] },
    })
  })

  test('bad series requests', async () => {
    await expectError(`${P}/runs/DEMO-1/series`, 400, 'BAD_REQUEST')
    await expectError(`${P}/runs/DEMO-1/series?path=metrics/acc&buckets=0`, 400, 'BAD_REQUEST')
    await expectError(`${P}/runs/DEMO-1/series?path=metrics/acc&buckets=10001`, 400, 'BAD_REQUEST')
    await expectError(`${P}/runs/DEMO-1/series?path=metrics/acc&from=abc`, 400, 'BAD_REQUEST')
    await expectError(`${P}/runs/DEMO-1/series?path=metrics/acc&from=Infinity`, 400, 'BAD_REQUEST')
    await expectError(`${P}/runs/DEMO-1/series?path=metrics/acc&from=5&to=1`, 400, 'BAD_REQUEST')
    await expectError(`${P}/runs/DEMO-1/series?path=metrics/acc&after=1&buckets=5`, 400, 'BAD_REQUEST')
    await expectError(`${P}/runs/DEMO-1/series?path=logs/text`, 400, 'WRONG_FIELD_TYPE')
    await expectError(`${P}/runs/DEMO-1/series?path=metrics/nope`, 404, 'FIELD_NOT_FOUND')
  })

  test('compare: several runs in one request, a run without the field carries its error', async () => {
    const { body } = await get(`${P}/compare?runs=DEMO-1,DEMO-2&path=metrics/acc`)
    expect(body.items.map((i: any) => [i.run, i.name, i.mode])).toEqual([
      ['DEMO-1', 'first', 'points'],
      ['DEMO-2', 'second', 'points'],
    ])
    expect(body.items[1].points.values).toEqual([0.2, 'NaN'])
    const partial = (await get(`${P}/compare?runs=DEMO-1,DEMO-2&path=metrics/loss&buckets=5`)).body
    expect(partial.items[0].mode).toBe('buckets')
    expect(partial.items[1].error.code).toBe('FIELD_NOT_FOUND')
  })

  test('bad compare requests', async () => {
    await expectError(`${P}/compare?path=metrics/acc`, 400, 'BAD_REQUEST')
    await expectError(
      `${P}/compare?runs=${Array.from({ length: 101 }, (_, i) => `DEMO-${i}`).join(',')}&path=metrics/acc`,
      400,
      'BAD_REQUEST',
    )
    await expectError(`${P}/compare?runs=DEMO-1,DEMO-77&path=metrics/acc`, 404, 'RUN_NOT_FOUND')
  })
  test("compare/fields: every run's fields under a prefix in one request", async () => {
    const { body } = await get(`${P}/compare/fields?runs=DEMO-1,DEMO-2&prefix=parameters`)
    expect(body.items.map((i: any) => [i.run, i.name, i.total])).toEqual([
      ['DEMO-1', 'first', 3],
      ['DEMO-2', 'second', undefined],
    ])
    const lr = body.items[0].fields.find((f: any) => f.path === 'parameters/lr')
    expect(lr).toEqual({ path: 'parameters/lr', type: 'Float', value: 0.01 })
    // a run without the namespace carries its error, as in compare
    expect(body.items[1].error.code).toBe('FIELD_NOT_FOUND')
    // the same fields as one run's own fields endpoint
    const own = (await get(`${P}/runs/DEMO-1/fields?prefix=parameters`)).body
    expect(body.items[0].fields).toEqual(own.items)
    const capped = (await get(`${P}/compare/fields?runs=DEMO-1&limit=1`)).body
    expect(capped.items[0].fields).toHaveLength(1)
    expect(capped.items[0].total).toBeGreaterThan(1)
  })

  test('bad compare/fields requests', async () => {
    await expectError(`${P}/compare/fields`, 400, 'BAD_REQUEST')
    await expectError(`${P}/compare/fields?runs=DEMO-1&limit=0`, 400, 'BAD_REQUEST')
    await expectError(`${P}/compare/fields?runs=DEMO-1&limit=10001`, 400, 'BAD_REQUEST')
    await expectError(`${P}/compare/fields?runs=DEMO-1,DEMO-77`, 404, 'RUN_NOT_FOUND')
  })
})

describe('strings, files, checkpoints, events, models, experiments', () => {
  test('histograms by page, numbers JSON cannot hold as strings', async () => {
    const { body } = await get(`${P}/runs/DEMO-1/histograms?path=weights/l1`)
    expect(body).toEqual({
      total: 2,
      offset: 0,
      limit: 100,
      items: [
        { step: 0, timestamp: expect.any(Number), type: 'COUNTS', edges: [0, 1, 2], values: [3, 'NaN'] },
        { step: 5, timestamp: expect.any(Number), type: 'histogram', edges: [-1, 0, 1], values: [1, 2] },
      ],
    })
    const second = (await get(`${P}/runs/DEMO-1/histograms?path=weights/l1&offset=1&limit=1`)).body
    expect(second.items.map((i: any) => i.step)).toEqual([5])
    await expectError(`${P}/runs/DEMO-1/histograms?path=logs/text`, 400, 'WRONG_FIELD_TYPE')
    await expectError(`${P}/runs/DEMO-1/histograms?path=weights/nope`, 404, 'FIELD_NOT_FOUND')
    await expectError(`${P}/runs/DEMO-1/histograms`, 400, 'BAD_REQUEST')
    await expectError(`${P}/runs/DEMO-1/histograms?path=weights/l1&limit=1001`, 400, 'BAD_REQUEST')
  })

  test('strings by page and search', async () => {
    const { body } = await get(`${P}/runs/DEMO-1/strings?path=logs/text&search=O`)
    expect(body.total).toBe(2)
    expect(body.items.map((i: any) => i.value)).toEqual(['hello', 'World'])
    expect(
      (await get(`${P}/runs/DEMO-1/strings?path=logs/text&offset=2`)).body.items.map((i: any) => [
        i.step,
        i.value,
      ]),
    ).toEqual([[2, 'bye']])
    await expectError(`${P}/runs/DEMO-1/strings?path=metrics/acc`, 400, 'WRONG_FIELD_TYPE')
    await expectError(`${P}/runs/DEMO-1/strings`, 400, 'BAD_REQUEST')
  })

  test('File, FileSet and FileSeries fields list their files with hashes', async () => {
    expect((await get(`${P}/runs/DEMO-1/files?path=model/weights`)).body).toEqual({
      type: 'File',
      file: { hash: demo.fileHash, size: 8, mime: 'text/plain', name: 'w.txt' },
    })
    expect((await get(`${P}/runs/DEMO-1/files?path=data/set`)).body).toMatchObject({
      type: 'FileSet',
      items: [{ path: 'a.json', hash: demo.setHash }],
    })
    const series = (await get(`${P}/runs/DEMO-1/files?path=images/pred&from=1`)).body
    expect(series).toMatchObject({
      type: 'FileSeries',
      total: 1,
      items: [{ step: 1, name: 'p1.txt', kept: true }],
    })
    await expectError(`${P}/runs/DEMO-1/files?path=metrics/acc`, 400, 'WRONG_FIELD_TYPE')
    await expectError(`${P}/runs/DEMO-1/files?path=nope/x`, 404, 'FIELD_NOT_FOUND')
  })

  test('checkpoints and events', async () => {
    expect((await get(`${P}/runs/DEMO-1/checkpoints`)).body).toEqual({ items: [] })
    const events = (await get(`${P}/runs/DEMO-1/events`)).body
    expect(events.items.map((e: any) => e.type)).toEqual(['started', 'lr_drop', 'closed'])
    expect(events.items[1].payload).toEqual({ to: 0.001 })
    expect(
      (await get(`${P}/runs/DEMO-1/events?limit=1&offset=1`)).body.items.map((e: any) => e.type),
    ).toEqual(['lr_drop'])
  })

  test('models, versions and experiments', async () => {
    expect((await get(`${P}/models`)).body.items).toMatchObject([
      { id: 'DEMO-M1', hash: 'h1', name: 'mlp', step: 0 },
    ])
    expect((await get(`${P}/models/DEMO-M1/versions`)).body.items).toMatchObject([
      { id: 'DEMO-M1-1', stage: 'none' },
    ])
    expect((await get(`${P}/experiments`)).body.items).toMatchObject([{ name: 'exp', runs: ['DEMO-1'] }])
    await expectError(`${P}/models/DEMO-M9/versions`, 404, 'MODEL_NOT_FOUND')
  })

  test('unknown API paths are JSON 404s', async () => {
    await expectError('/api/nope', 404, 'NOT_FOUND')
    await expectError(`${P}/runs/DEMO-1/nope`, 404, 'NOT_FOUND')
  })
})
