/**
 * The same queries give the same answers on both stores: two projects (the NQL tests' fixture and
 * `edges`, corpus-projects.ts) synced into a real PostgreSQL 15 hub, and a corpus of runs-table reads
 * (every query case of the NQL semantics tests, refused and malformed queries, every column as a sort key
 * in both directions, pages, summaries, regular expressions and numbers where PostgreSQL's habits differ
 * from SQLite's) answered by the local store and the hub: ids in order, cells, column types and totals
 * equal, or the same typed error (class, code, message, column, hint). Through the server too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectHub } from '../../src/hub/connect.js'
import { openPgStore } from '../../src/hub/pg-store.js'
import { syncOnce } from '../../src/hub/sync.js'
import type { Project } from '../../src/index.js'
import { createApp } from '../../src/server/app.js'
import { openLocalStore } from '../../src/store/local-store.js'
import type { ProjectStore, ReadStore, RunsPage, RunsQuery } from '../../src/store/read-store.js'
import { fixtureProject } from '../engine/query/fixture.js'
import { MATCHING, REFUSED } from '../engine/query/nql-cases.js'
import { startPostgres, type PgServer } from '../helpers/postgres.js'
import { edgesProject } from './corpus-projects.js'

let pg: PgServer
let hub: ReadStore
const projects: Project[] = []
const locals: ReadStore[] = []
const stores: Record<string, [ProjectStore, ProjectStore]> = {}

beforeAll(async () => {
  pg = await startPostgres()
  const url = await pg.database()
  const connection = await connectHub(url)
  // named so that the hub's run ids (their key derived from the project name) are the local ones
  for (const project of [fixtureProject('t'), edgesProject()]) {
    projects.push(project)
    await syncOnce(project, connection)
    const local = openLocalStore(project.dir)
    locals.push(local)
    stores[project.name] = [await local.project(project.name), undefined as never]
  }
  await connection.close()
  hub = await openPgStore(url)
  for (const name of Object.keys(stores)) stores[name]![1] = await hub.project(name)
}, 60_000)
afterAll(async () => {
  await hub?.close()
  for (const local of locals) await local.close()
  for (const project of projects) project.close()
  await pg?.stop()
})

type Outcome =
  | { page: RunsPage }
  | { error: { name: string; code?: string; message: string; hint?: string; column?: number } }

async function outcome(read: Promise<RunsPage>): Promise<Outcome> {
  try {
    return { page: await read }
  } catch (e) {
    const error = e as Error & { code?: string; hint?: string; column?: number }
    return {
      error: {
        name: error.name,
        code: error.code,
        message: error.message,
        hint: error.hint,
        column: error.column,
      },
    }
  }
}

/** Reads `q` from both stores of `project`, expects the same outcome, and returns the local one. */
async function same(project: string, q: RunsQuery): Promise<Outcome> {
  const [local, remote] = stores[project]!
  const [x, y] = [await outcome(local.runsTable(q)), await outcome(remote.runsTable(q))]
  expect(y, JSON.stringify(q)).toEqual(x)
  return x
}

const table = (extra: Partial<RunsQuery>): RunsQuery => ({
  columns: [],
  sort: 'sys/id',
  ascending: true,
  offset: 0,
  limit: 100,
  ...extra,
})

const ids = (o: Outcome): string =>
  'page' in o
    ? o.page.items.map((item) => String(item['sys/id']).slice(2)).join(' ')
    : `error ${o.error.code}`

const FIXTURE_COLUMNS = [
  'sys/name',
  'parameters/lr',
  'parameters/epochs',
  'parameters/big',
  'parameters/flag',
  'parameters/opt',
  'when',
  'mix',
  'neg',
  'nanval',
  'odd:max',
  'sys/tags',
  'sys/state',
  'logs/msg',
  'metrics/acc',
  'metrics/loss',
  'metrics/acc:last',
  'min(metrics/acc)',
  'metrics/acc:max',
  'metrics/acc:average',
  'metrics/acc:variance',
  'metrics/acc:count',
  'logs/msg:count',
  'logs/msg:last',
  'sys/custom_run_id',
]

const EDGE_COLUMNS = [
  'sys/name',
  'mix',
  'when',
  'on',
  'count',
  'sys/tags',
  'notes',
  'notes:last',
  'notes:count',
  'series/s',
  'series/s:min',
  'series/s:max',
  'series/s:average',
  'series/s:variance',
  'series/s:count',
  'weights',
]

describe('the NQL semantics cases answer alike (and as the local tests expect)', () => {
  it.each(MATCHING)('%s', async (query, expected) => {
    const o = await same('t', table({ query, columns: ['sys/name', 'metrics/acc'] }))
    expect(ids(o)).toBe(expected)
  })
})

describe('refused queries fail alike: class, code, message, column, hint', () => {
  it.each(REFUSED)('%s', async (query, code, column) => {
    const o = await same('t', table({ query }))
    expect(o).toMatchObject({ error: { code, column } })
  })
})

describe('malformed queries fail alike', () => {
  it.each([
    'acc >',
    '(metrics/acc > 1',
    'metrics/acc > 1)',
    '`metrics/acc',
    'sys/name = "open',
    'sys/name ! "x"',
    'AND',
    'sys/name = AND',
    'max(metrics/acc > 1',
    'metrics/acc:nosuch > 1',
    'sys/name NOT = "x"',
    'metrics/acc > 1 metrics/acc < 2',
    '(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((a = 1)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))',
  ])('%s', async (query) => {
    const o = await same('t', table({ query }))
    expect(o).toMatchObject({ error: { name: 'QuerySyntaxError', code: 'QUERY_SYNTAX' } })
  })
})

describe('columns: every type, summaries, and bad columns alike', () => {
  it('all columns of the fixture, in both sort directions', async () => {
    for (const ascending of [true, false]) {
      const o = await same('t', table({ columns: FIXTURE_COLUMNS, ascending }))
      expect(ids(o)).toBe(ascending ? '1 2 3 4' : '4 3 2 1')
    }
  })

  it('all columns of the edges project', async () => {
    const o = await same('e', table({ columns: EDGE_COLUMNS }))
    expect(ids(o)).toBe('1 2 3 4 5 6 7 8 9 10')
    const items = 'page' in o ? o.page.items : []
    expect(items.filter((item) => item['weights'] !== null)).toHaveLength(3)
    expect(items[1]!['weights']).toMatchObject({ edges: [0, 0.5, 1], values: [1, 2] })
  })

  it.each([['metrics/accc'], ['parameters/lr:max'], ['logs/msg:max'], ['a//b'], ['sys/id:max']])(
    '%s',
    async (column) => {
      expect(await same('t', table({ columns: ['sys/name', column] }))).toHaveProperty('error')
    },
  )

  it('duplicates and sys/id are dropped alike, and columns of no run typed alike', async () => {
    await same(
      't',
      table({ columns: ['sys/id', 'metrics/acc:max', 'max(metrics/acc)', 'sys/name', 'sys/name'] }),
    )
    await same('t', table({ query: 'nosuch EXISTS', columns: ['mix', 'metrics/acc', 'sys/custom_run_id'] }))
    await same('t', table({ columns: ['mix', 'metrics/acc'], limit: 0 }))
  })
})

describe('every column sorts alike, both ways', () => {
  it.each(FIXTURE_COLUMNS.map((c) => [c]))('fixture by %s', async (sort) => {
    for (const ascending of [true, false]) await same('t', table({ sort, ascending, columns: [sort] }))
  })
  it.each(EDGE_COLUMNS.map((c) => [c]))('edges by %s', async (sort) => {
    for (const ascending of [true, false]) await same('e', table({ sort, ascending, columns: [sort] }))
  })
  it('by creation time (the default), run id and unknown columns', async () => {
    for (const sort of ['sys/creation_time', 'sys/id', 'sys/modification_time', 'nosuch', 'mix:max'])
      await same('e', table({ sort, ascending: false }))
  })
})

describe('the largest queries the parser takes answer alike', () => {
  it.each([
    ['1000 conditions', Array.from({ length: 1000 }, (_, i) => `mix = ${i % 7}`).join(' OR ')],
    ['31 nested NOTs', `${'NOT ('.repeat(31)}mix > 2${')'.repeat(31)}`],
    ['1000 MATCHES', Array.from({ length: 1000 }, (_, i) => `sys/name MATCHES "^${i % 30}"`).join(' OR ')],
  ])('%s', async (_, query) => {
    expect(await same('e', table({ query, columns: ['mix'] }))).toHaveProperty('page')
  })
})

describe('pages and totals alike', () => {
  it.each([
    [{ offset: 1, limit: 2 }],
    [{ offset: 3, limit: 100 }],
    [{ offset: 10, limit: 5 }],
    [{ offset: 0, limit: 0 }],
    [{ offset: 2, limit: 3, sort: 'mix', ascending: false }],
    [{ offset: 9, limit: 3, sort: 'series/s:max' }],
    [{ offset: 1, limit: 1, query: 'series/s EXISTS', sort: 'sys/name' }],
    [{ offset: 50, limit: 1, query: 'mix > 0' }],
  ])('%j', async (extra) => {
    const o = await same('e', table({ columns: ['mix'], ...extra }))
    expect(o).toHaveProperty('page')
  })
})

describe('values where PostgreSQL differs from SQLite answer alike', () => {
  it.each([
    // regular expressions: JavaScript's, not PostgreSQL's POSIX dialect
    ['sys/name MATCHES "a.b"', ''],
    ['sys/name MATCHES "a\\\\nb"', '1'],
    ['sys/name MATCHES "\\\\bboundary"', '7'],
    ['sys/name MATCHES "(?<=w)ord"', '7'],
    ['sys/name MATCHES "^(?<z>[Zz])eta$"', '2 3'],
    ['sys/name MATCHES "^$"', '9'],
    ['sys/name MATCHES "\\\\\\\\"', '8'],
    ['sys/name MATCHES "[\\\\d]"', ''],
    ['sys/name MATCHES "\\\\t"', '10'],
    ['sys/name MATCHES "^\\\\p{Lu}"', ''],
    ['sys/name MATCHES "z{,2}"', ''],
    ['sys/name =~ "Z"', '2'],
    ['sys/name !~ "e"', '1 5 6 7 8 9'],
    ['notes MATCHES "^last"', '1 3 5 7 9'],
    ['`mix`:string MATCHES "x"', '5'],
    // numbers: exact between integers beyond 2^53 and doubles, NaN, infinities
    ['mix = 9007199254740993', '3'],
    ['mix = 9007199254740992', '4'],
    ['mix > 9007199254740992', '3 8'],
    ['mix >= 9007199254740992', '3 4 8'],
    ['`mix`:float > 9007199254740991', '4 8'],
    ['`mix`:int > 9007199254740992.5', '3'],
    ['mix = 2', '1 2'],
    ['mix > 2.25', '3 4 8 10'],
    ['mix = Infinity', '8'],
    ['mix < -1e308', '7'],
    ['mix = NaN', '6'],
    ['mix != NaN', '1 2 3 4 5 7 8 9 10'],
    ['count = 9223372036854775807', '7'],
    ['count < -9223372036854775807', '8'],
    ['count > 1e30', ''],
    ['count < 99999999999999999999999', '7 8 9 10'],
    ['count >= -99999999999999999999999', '7 8 9 10'],
    // summaries that overflow or have no finite point
    ['variance(series/s) > 0', '1 8'],
    // sums of squares that overflow: Infinity - Infinity is NaN in both stores
    ['variance(series/s) = Infinity', ''],
    ['variance(series/s) = NaN', '2 3 5 9'],
    ['average(series/s) = NaN', '3 5'],
    ['series/s = NaN', '3'],
    ['series/s = 0', '4'],
    ['max(series/s) = Infinity', '5'],
    ['series/s EXISTS', '1 2 3 4 5 7 8 9 10'],
    ['series/s > -Infinity', '1 2 4 7 8 9 10'],
    ['weights EXISTS', '2 6 10'],
    ['weights = 1', 'error QUERY_TYPE'],
    // sets, datetimes, booleans, text
    ['sys/tags CONTAINS "x y"', '1 4 7 10'],
    ['sys/tags NOT CONTAINS "odd"', '1 3 4 6 7 9 10'],
    ['when > "2023-01-01"', '2'],
    ['when = "2023-01-01T01:00:00+01:00"', '1'],
    ['on = true OR on = false', '1 3'],
    ['on != true', '3'],
    ['sys/name CONTAINS "\\\\"', '8'],
    ['sys/name CONTAINS "%"', ''],
    ['sys/name = ""', '9'],
    ['sys/name != "b"', '1 2 3 4 5 7 8 9 10'],
    ['mix CONTAINS "x"', '5'],
    ['(mix > 2 OR mix = "X") AND NOT sys/tags CONTAINS "even"', '3 8 9'],
  ])('%s', async (query, expected) => {
    const o = await same('e', table({ query, columns: ['sys/name', 'mix'] }))
    expect(ids(o)).toBe(expected)
  })
})

describe('the server answers alike, a malformed query with 400 and its column', () => {
  const runs = (project: string, query: string, rest = ''): string =>
    `/api/projects/${project}/runs?query=${encodeURIComponent(query)}${rest}`
  it.each([
    [runs('t', 'metrics/acc >', '&sort=sys/id'), 400, 'QUERY_SYNTAX'],
    [runs('t', 'sys/name = "open'), 400, 'QUERY_SYNTAX'],
    [runs('t', 'nosuch > 1'), 400, 'QUERY_UNKNOWN_FIELD'],
    [runs('t', 'sys/tags > 1'), 400, 'QUERY_TYPE'],
    [runs('t', 'metrics/acc > 0.5', '&sort=sys/id&order=asc'), 200, undefined],
    [runs('e', 'mix > 1', '&sort=mix&columns=sys/id,mix,series/s:max'), 200, undefined],
    [runs('e', '', '&columns=sys/id,nosuch'), 404, 'UNKNOWN_COLUMN'],
    ['/api/projects/e/columns', 200, undefined],
  ])('%s', async (path, status, code) => {
    const local = createApp(locals[path.includes('/e/') ? 1 : 0]!)
    const remote = createApp(hub)
    const [x, y] = [await local.request(path), await remote.request(path)]
    const [xb, yb] = [(await x.json()) as { error?: { code: string; column?: number } }, await y.json()]
    expect({ status: y.status, body: yb }).toEqual({ status: x.status, body: xb })
    expect(x.status).toBe(status)
    if (code !== undefined) expect(xb.error?.code).toBe(code)
    if (code?.startsWith('QUERY')) expect(xb.error?.column).toBeGreaterThan(0)
    local.closeStreams()
    remote.closeStreams()
  })
})
