/**
 * On the hub as locally (test/engine/query/injection.test.ts): NQL values, paths, columns and sort keys
 * are bound parameters, never SQL. Attacks written as values and paths match like plain text, and the
 * hub is intact after each; the compiled SQL text holds none of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectHub, type Hub } from '../../src/hub/connect.js'
import { openPgStore } from '../../src/hub/pg-store.js'
import { planOnHub } from '../../src/hub/query/hub-probe.js'
import { compileHubFilter } from '../../src/hub/query/pg-filter.js'
import { regexpTexts } from '../../src/hub/query/pg-regexp.js'
import { syncOnce } from '../../src/hub/sync.js'
import { NereidError } from '../../src/index.js'
import type { ProjectStore, ReadStore } from '../../src/store/read-store.js'
import { startPostgres, type PgServer } from '../helpers/postgres.js'
import { tempProject } from '../helpers/project.js'

const NAMES = ['plain', '100%', 'a_b', "it's", 'x" OR 1=1 --', 'x$$; DROP TABLE hub_runs; --']
const ATTACKS = [
  `' OR 1=1 --`,
  `" OR 1=1 --`,
  `x'); DROP TABLE hub_runs; --`,
  `x"); DROP TABLE hub_fields; --`,
  `') UNION SELECT sys_id, uuid FROM hub_runs --`,
  `\\'; DELETE FROM hub_runs; --`,
  `$1`,
  `$$ OR true $$`,
  `E'\\x27'`,
  `%`,
  `_`,
  `*`,
  `]]"}`,
  `{"a": 1}`,
  `::text`,
]

let pg: PgServer
let hub: ReadStore
let connection: Hub
let store: ProjectStore
let projectId: number

beforeAll(async () => {
  pg = await startPostgres()
  const url = await pg.database()
  const project = tempProject({ key: 'I' }, 'i')
  for (const name of NAMES) project.startRun({ name, tags: ['t'] }).close()
  connection = await connectHub(url)
  await syncOnce(project, connection)
  hub = await openPgStore(url)
  store = await hub.project('i')
  const [row] = await connection.sql<{ id: number }[]>`SELECT id FROM hub_projects WHERE name = 'i'`
  projectId = row!.id
}, 60_000)
afterAll(async () => {
  await hub?.close()
  await connection?.close()
  await pg?.stop()
})

function nqlString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

async function names(query: string): Promise<string[]> {
  const page = await store.runsTable({
    query,
    columns: ['sys/name'],
    sort: 'sys/id',
    ascending: true,
    offset: 0,
    limit: 100,
  })
  return page.items.map((item) => item['sys/name'] as string)
}

async function intact(): Promise<void> {
  const [row] = await connection.sql<{ runs: number; fields: number }[]>`
    SELECT (SELECT count(*)::int FROM hub_runs) AS runs, (SELECT count(*)::int FROM hub_fields) AS fields`
  expect(row!.runs).toBe(NAMES.length)
  expect(row!.fields).toBeGreaterThan(NAMES.length * 5)
  expect(await names('')).toEqual(NAMES)
}

describe('values are bound parameters, never SQL', () => {
  it.each(ATTACKS)('%s', async (attack) => {
    const value = nqlString(attack)
    for (const op of ['=', '!=', 'CONTAINS', 'NOT CONTAINS']) {
      const expected = NAMES.filter((n) => {
        const hit = op.endsWith('CONTAINS') ? n.includes(attack) : n === attack
        return op.startsWith('NOT') || op === '!=' ? !hit : hit
      })
      expect(await names(`sys/name ${op} ${value}`)).toEqual(expected)
    }
    expect(await names(`sys/tags CONTAINS ${value}`)).toEqual([])
    const literal = nqlString(attack.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'))
    expect(await names(`\`sys/name\`:string MATCHES ${literal}`)).toEqual(
      NAMES.filter((n) => n.includes(attack)),
    )
    await intact()
  })

  it('matches % and _ literally in CONTAINS (no LIKE wildcards)', async () => {
    expect(await names('sys/name CONTAINS "%"')).toEqual(['100%'])
    expect(await names('sys/name CONTAINS "_"')).toEqual(['a_b', 'x$$; DROP TABLE hub_runs; --'])
  })

  it('finds the runs whose names are themselves attacks, and only them', async () => {
    for (const name of NAMES.slice(3)) expect(await names(`sys/name = ${nqlString(name)}`)).toEqual([name])
  })

  it('a value holding NUL (which PostgreSQL text cannot hold) matches nothing, as locally', async () => {
    expect(await names('sys/name = "a\u0000b"')).toEqual([])
    expect(await names('sys/name != "a\u0000b"')).toEqual(NAMES)
    expect(await names('sys/name CONTAINS "\u0000"')).toEqual([])
    expect(await names('sys/tags CONTAINS "\u0000"')).toEqual([])
    expect(await names('`a\u0000b`:string = "x"')).toEqual([])
    await intact()
  })

  it('leaves the SQL text free of every value and path', async () => {
    const attack = `x'); DROP TABLE hub_runs; --`
    const query = `\`${attack}\`:string = ${nqlString(attack)} OR \`${attack}\`:float > 1 OR \`${attack}\`:stringSet CONTAINS ${nqlString(attack)} OR sys/name MATCHES ${nqlString(`${attack.replace(/[()]/g, '\\$&')}|^pl`)}`
    const sql = connection.sql
    const plan = await planOnHub(sql, projectId, { query })
    const filter = compileHubFilter(sql, plan.filter!, await regexpTexts(sql, projectId, plan.filter))
    const described = (await sql`SELECT r.id FROM hub_runs r WHERE ${filter}`.describe()) as {
      string: string
    }
    expect(described.string).not.toContain('DROP')
    expect(described.string).toMatch(/\$\d+/)
    const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM hub_runs r WHERE ${filter}`
    expect(row!.n).toBe(1) // 'plain', by the regular expression
    await intact()
  })
})

describe('paths, columns and sort keys cannot inject either', () => {
  it.each(ATTACKS)('%s', async (attack) => {
    const path = `sys/name${attack}`.replace(/`/g, '')
    const quoted = `\`${path.replace(/\\/g, '\\\\')}\``
    expect(await names(`${quoted}:string = "plain"`)).toEqual([])
    await expect(names(`${quoted} = "plain"`)).rejects.toBeInstanceOf(NereidError)
    const read = { columns: [path], sort: 'sys/id', ascending: true, offset: 0, limit: 10 }
    await expect(store.runsTable(read)).rejects.toThrow(/no run has a field|invalid|path/i)
    await expect(store.runsTable({ ...read, columns: [], sort: path })).rejects.toBeInstanceOf(NereidError)
    await intact()
  })
})
