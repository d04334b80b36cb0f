/**
 * `nereid sync` as real processes against a real PostgreSQL 15: killed with SIGKILL in the middle of a
 * batch's transaction (the hub keeps none of it, a rerun lands everything once), the database stopped
 * mid-transaction and started again (the syncer retries and finishes), and three hosts — separate
 * processes, separate project directories — writing and syncing into one hub project at once (every run
 * and point exactly once, hub ids unique). A test holds the source's cursor row locked to stop the syncer
 * exactly inside its transaction.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openProject } from '../../src/index.js'
import { MAIN } from '../cli/cli.js'
import { startPostgres, type PgServer } from '../helpers/postgres.js'
import { tempDir, tempProjectDir } from '../helpers/tmp.js'
import { hubCounts, hubRuns, localRunsAt, type RunDump } from './hub-dump.js'

let pg: PgServer
beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`)
  pg = await startPostgres()
})
afterAll(() => pg.stop())

const children = new Set<ChildProcessWithoutNullStreams>()
afterAll(() => {
  for (const child of children) child.kill('SIGKILL')
})

interface Proc {
  child: ChildProcessWithoutNullStreams
  stderr: () => string
  ended: Promise<number | null>
  /** Resolves when stderr (or stdout) contains `text`. */
  saw(text: string): Promise<void>
}

function start(args: string[]): Proc {
  const child = spawn(process.execPath, args, { stdio: 'pipe', env: { ...process.env, NEREID_CAPTURE: '0' } })
  children.add(child)
  let out = ''
  const waiters: { text: string; resolve: () => void }[] = []
  const feed = (chunk: Buffer): void => {
    out += chunk.toString()
    for (const w of waiters.filter((x) => out.includes(x.text))) {
      waiters.splice(waiters.indexOf(w), 1)
      w.resolve()
    }
  }
  child.stdout.on('data', feed)
  child.stderr.on('data', feed)
  const ended = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      children.delete(child)
      resolve(code)
    }),
  )
  return {
    child,
    stderr: () => out,
    ended,
    saw: (text) =>
      out.includes(text) ? Promise.resolve() : new Promise((resolve) => waiters.push({ text, resolve })),
  }
}

const sync = (dir: string, url: string, ...more: string[]): Proc =>
  start([MAIN, 'sync', dir, '--to', url, ...more])

async function synced(dir: string, url: string, ...more: string[]): Promise<void> {
  const proc = sync(dir, url, ...more)
  const code = await proc.ended
  expect(code, proc.stderr()).toBe(0)
}

async function writeProject(dir: string, tag: string, runs: number, points: number): Promise<void> {
  const writer = start([join('test', 'fixtures', 'hub-writer.mjs'), dir, tag, String(runs), String(points)])
  expect(await writer.ended, writer.stderr()).toBe(0)
}

/** Holds the source rows locked until release(): a syncer's batch waits inside its transaction. */
async function lockCursor(
  url: string,
): Promise<{ release(serverGone?: boolean): Promise<void>; waiting(): Promise<boolean> }> {
  const sql = postgres(url, { max: 2, onnotice: () => {} })
  const reserved = await sql.reserve()
  await reserved`BEGIN`
  // NO KEY UPDATE: the cursor's UPDATE waits, inserts of rows referencing the source (FOR KEY SHARE) do not
  await reserved`SELECT id FROM hub_sources FOR NO KEY UPDATE`
  return {
    release: async (serverGone = false) => {
      // nothing may be written on a connection the server closed (postgres 3.4.9 throws from a timer)
      if (!serverGone) await reserved`ROLLBACK`.catch(() => {})
      reserved.release()
      await sql.end({ timeout: 0 }).catch(() => {})
    },
    waiting: async () => {
      const rows = await sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE hub_sources%'`
      return rows[0]!.n > 0
    },
  }
}

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error('gave up waiting')
}

test('SIGKILL inside a batch: the hub keeps nothing of it, and a rerun lands every point once', async () => {
  const url = await pg.database()
  const dir = tempProjectDir('killed')
  await writeProject(dir, 'a', 1, 1000)
  await synced(dir, url)
  const before = await hubCounts(url, 'killed')
  await writeProject(dir, 'b', 3, 5000)
  const lock = await lockCursor(url)
  const proc = sync(dir, url, '--batch', '2')
  await until(lock.waiting)
  proc.child.kill('SIGKILL')
  expect(await proc.ended).toBe(null)
  await lock.release()
  expect(await hubCounts(url, 'killed')).toEqual({ ...before, runs: 4 })
  await synced(dir, url, '--batch', '2')
  await synced(dir, url)
  expect(await hubRuns(url, 'killed')).toEqual(localRunsAt(dir))
  expect((await hubCounts(url, 'killed')).points).toBe(3 * 1000 + 9 * 5000)
})

test('the database stops inside a batch and starts again: the syncer retries and finishes', async () => {
  if (!pg.own) return expect(process.env.NEREID_PG_URL).toBeTruthy() // a given server cannot be restarted here
  const url = await pg.database()
  const dir = tempProjectDir('restart')
  await writeProject(dir, 'a', 1, 100)
  await synced(dir, url)
  await writeProject(dir, 'b', 2, 4000)
  const lock = await lockCursor(url)
  const proc = sync(dir, url, '--retries', '20')
  await until(lock.waiting)
  pg.down()
  try {
    await proc.saw('retrying in')
    await lock.release(true)
  } finally {
    pg.up()
  }
  expect(await proc.ended, proc.stderr()).toBe(0)
  expect(proc.stderr()).toContain('does not answer')
  expect(await hubRuns(url, 'restart')).toEqual(localRunsAt(dir))
})

test('three hosts writing and syncing into one hub project at once: every run and point exactly once', async () => {
  const url = await pg.database()
  const hosts = ['h1', 'h2', 'h3'].map((tag) => ({ tag, dir: join(tempDir(), `host-${tag}`) }))
  // each host's project exists before its syncer starts
  for (const h of hosts) openProject(h.dir).close()
  const syncers = hosts.map((h) =>
    sync(h.dir, url, '--as', 'team', '--watch', '--interval', '100ms', '--batch', '5'),
  )
  await Promise.all(syncers.map((s) => s.saw('watching')))
  await Promise.all(hosts.map((h) => writeProject(h.dir, h.tag, 3, 3000)))
  for (const s of syncers) s.child.kill('SIGTERM')
  for (const s of syncers) {
    const code = await s.ended
    expect({ code, signal: s.child.signalCode, out: code === 0 ? '' : s.stderr() }).toEqual({
      code: 0,
      signal: null,
      out: '',
    })
  }
  const expected = Object.assign({}, ...hosts.map((h) => localRunsAt(h.dir))) as Record<string, RunDump>
  expect(Object.keys(expected)).toHaveLength(9)
  expect(await hubRuns(url, 'team')).toEqual(expected)
  const counts = await hubCounts(url, 'team')
  expect(counts.runs).toBe(9)
  expect(counts.points).toBe(9 * 3 * 3000)
  const sql = postgres(url, { max: 1 })
  const ids = await sql<{ sys_id: string }[]>`SELECT sys_id FROM hub_runs ORDER BY number`
  await sql.end()
  expect(ids.map((r) => r.sys_id)).toEqual(Array.from({ length: 9 }, (_, i) => `TEAM-${i + 1}`))
})
