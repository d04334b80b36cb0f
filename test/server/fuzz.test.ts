/**
 * A bounded fuzz test: 10k random paths, queries and headers (fixed seed) against a real project give no
 * 5xx and leave project.db's bytes unchanged.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { appOver, demoWorkspace } from './fixture.js'

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

test('10k random requests: no 5xx, project.db unchanged', async () => {
  const demo = await demoWorkspace()
  const db = join(demo.dir, 'project.db')
  const before = digest(db)
  const { app } = appOver(demo.home, { tokens: new Map([['fuzz-token-0123456789', new Set(['demo'])]]) })
  const segment = fc.oneof(
    fc.constantFrom(
      'api',
      'projects',
      'demo',
      'other',
      'runs',
      'DEMO-1',
      'DEMO-2',
      'series',
      'compare',
      'strings',
      'histograms',
      'weights/l1',
      'files',
      'fields',
      'events',
      'checkpoints',
      'models',
      'DEMO-M1',
      'versions',
      'experiments',
      'objects',
      demo.fileHash,
      'columns',
      'session',
      'assets',
      '..',
      '.',
      '%2F',
      '%00',
      '%5C',
      '%E0%A4',
      '%',
      'index.html',
      '',
    ),
    fc.string({ maxLength: 12 }).map(encodeURIComponent),
    fc.string({ unit: 'binary', maxLength: 6 }).map(encodeURIComponent),
  )
  const key = fc.constantFrom(
    'path',
    'from',
    'to',
    'buckets',
    'after',
    'limit',
    'offset',
    'query',
    'columns',
    'sort',
    'order',
    'runs',
    'prefix',
    'search',
    'name',
    'token',
    'x',
  )
  const val = fc.oneof(
    fc.constantFrom(
      'metrics/acc',
      'metrics/loss',
      'logs/text',
      'model/weights',
      'images/pred',
      'data/set',
      '0',
      '-1',
      '1e308',
      'NaN',
      'Infinity',
      '10001',
      '99999999999999999999',
      'asc',
      'desc',
      'DEMO-1,DEMO-2',
      'a > 1',
      '`x`:float < 2 AND (',
      'sys/name',
      'acc:max',
      '',
    ),
    fc.string({ maxLength: 20 }),
    fc.integer({ min: -5, max: 6000 }).map(String),
  )
  const header = fc.record(
    {
      authorization: fc.oneof(
        { weight: 8, arbitrary: fc.constant('Bearer fuzz-token-0123456789') },
        { weight: 1, arbitrary: fc.constantFrom('Bearer nope', 'Basic x', '') },
      ),
      range: fc.constantFrom('bytes=0-3', 'bytes=-1', 'bytes=9-1', 'bytes=x', 'bytes=0-0,2-3', ''),
      'last-event-id': fc.constantFrom('0', '99', '-1', 'abc', ''),
      'if-none-match': fc.constantFrom(`"${demo.fileHash}"`, '*', 'W/"x"', ''),
      cookie: fc.constantFrom('nereid_token=fuzz-token-0123456789', 'nereid_token=', 'a=b', ''),
    },
    { requiredKeys: ['authorization'] },
  )
  const ENDPOINTS = [
    '',
    'runs',
    'columns',
    'runs/DEMO-1',
    'runs/DEMO-2',
    'runs/DEMO-1/fields',
    'runs/DEMO-1/series',
    'runs/DEMO-2/series',
    'compare',
    'compare/fields',
    'runs/DEMO-1/strings',
    'runs/DEMO-1/histograms',
    'runs/DEMO-1/files',
    'runs/DEMO-1/checkpoints',
    'runs/DEMO-1/events',
    'models',
    'models/DEMO-M1/versions',
    'experiments',
    `objects/${demo.fileHash}`,
    `objects/${demo.seriesHash}`,
  ]
  const request = fc.record({
    method: fc.oneof(
      { weight: 12, arbitrary: fc.constant('GET') },
      { weight: 2, arbitrary: fc.constant('HEAD') },
      { weight: 1, arbitrary: fc.constantFrom('POST', 'DELETE', 'OPTIONS', 'PUT') },
    ),
    segments: fc.oneof(
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.constantFrom(...ENDPOINTS), fc.option(segment, { nil: undefined }))
          .map(([e, extra]) => (extra === undefined ? e.split('/') : [...e.split('/'), extra])),
      },
      { weight: 1, arbitrary: fc.array(segment, { maxLength: 7 }) },
    ),
    query: fc.array(fc.tuple(key, val), { maxLength: 5 }),
    headers: header,
  })
  const statuses = new Map<number, number>()
  const failures: string[] = []
  const samples = fc.sample(request, { numRuns: 10_000, seed: 9 })
  for (const r of samples) {
    const base = r.segments[0] === 'api' ? '' : '/api/projects/demo'
    const path = `${base}/${r.segments.join('/')}`
    const search = new URLSearchParams(r.query).toString()
    const headers = Object.fromEntries(Object.entries(r.headers).filter(([, v]) => v !== ''))
    const url = `${path}${search ? `?${search}` : ''}`
    const isLive = url.includes('/live')
    if (isLive) continue // a live stream never ends on its own; its bad requests are in live.test.ts
    const res = await app.request(url, { method: r.method, headers })
    await res.arrayBuffer()
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
    if (res.status >= 500) failures.push(`${r.method} ${url} -> ${res.status}`)
  }
  if (process.env.NEREID_FUZZ_REPORT) console.log(Object.fromEntries(statuses))
  expect(failures).toEqual([])
  expect([...statuses.keys()].some((s) => s === 200)).toBe(true)
  expect(statuses.get(400) ?? 0).toBeGreaterThan(0)
  expect(statuses.get(404) ?? 0).toBeGreaterThan(0)
  expect(digest(db)).toBe(before)
})
