/**
 * Three hosts in separate network namespaces (separate network stacks: a host cannot reach this
 * machine's loopback) and separate project directories, each logging and running `nereid sync --watch`
 * over its own link to one PostgreSQL, into one hub project at once: every run and point lands exactly
 * once, hub ids unique. Needs root and `ip` (iproute2); where the sandbox refuses namespaces the test
 * says why and does not run (test/hub/sync-process.test.ts runs the same hosts without namespaces).
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openProject } from '../../src/index.js'
import { MAIN } from '../cli/cli.js'
import { hostNamespaces, type NetnsHost } from '../helpers/netns.js'
import { startPostgres, type PgServer } from '../helpers/postgres.js'
import { tempDir } from '../helpers/tmp.js'
import { hubCounts, hubRuns, localRunsAt, type RunDump } from './hub-dump.js'

const made = hostNamespaces(3)
const reason = 'reason' in made ? made.reason : undefined
if (reason) console.warn(`netns-hosts: not run here (${reason})`)
const hosts: NetnsHost[] = 'list' in made ? made.list : []

let pg: PgServer
beforeAll(async () => {
  if (reason) return
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`)
  pg = await startPostgres({ listen: hosts.map((h) => h.outside) })
})
afterAll(async () => {
  await pg?.stop()
  if ('remove' in made) made.remove()
})

/** Runs `args` with node inside host `h`'s namespace; resolves with its exit code and output. */
function inHost(
  h: NetnsHost,
  args: string[],
): { ended: Promise<{ code: number | null; out: string }>; stop(): void; saw(text: string): Promise<void> } {
  const child = spawn('ip', ['netns', 'exec', h.name, process.execPath, ...args], {
    stdio: 'pipe',
    env: { ...process.env, NEREID_CAPTURE: '0' },
  })
  let out = ''
  const waiters: { text: string; resolve: () => void }[] = []
  const feed = (chunk: Buffer): void => {
    out += chunk.toString()
    for (const w of waiters.filter((x) => out.includes(x.text))) w.resolve()
  }
  child.stdout.on('data', feed)
  child.stderr.on('data', feed)
  return {
    ended: new Promise((resolve) => child.on('close', (code) => resolve({ code, out }))),
    stop: () => child.kill('SIGTERM'),
    saw: (text) =>
      out.includes(text) ? Promise.resolve() : new Promise((resolve) => waiters.push({ text, resolve })),
  }
}

test.skipIf(reason !== undefined)(
  'three hosts in their own network namespaces sync into one hub project at once: every point once',
  async () => {
    const url = new URL(await pg.database())
    const hubOf = (h: NetnsHost): string => Object.assign(new URL(url), { hostname: h.outside }).toString()
    // a host's loopback is its own: the server on this machine's 127.0.0.1 is out of its reach
    const probe = inHost(hosts[0]!, [
      '-e',
      `require('net').connect(${url.port}, '127.0.0.1').on('connect', () => { console.log('reached'); process.exit(1) }).on('error', (e) => { console.log(e.code); process.exit(0) })`,
    ])
    expect(await probe.ended).toEqual({ code: 0, out: 'ECONNREFUSED\n' })
    const dirs = hosts.map((h, i) => join(tempDir(), `host-${i + 1}`))
    for (const dir of dirs) openProject(dir).close()
    const syncers = hosts.map((h, i) =>
      inHost(h, [MAIN, 'sync', dirs[i]!, '--to', hubOf(h), '--as', 'team', '--watch', '--interval', '100ms']),
    )
    await Promise.all(syncers.map((s) => s.saw('watching')))
    const writers = hosts.map((h, i) =>
      inHost(h, [join('test', 'fixtures', 'hub-writer.mjs'), dirs[i]!, `n${i + 1}`, '3', '2000']),
    )
    for (const w of writers) expect((await w.ended).code).toBe(0)
    for (const s of syncers) s.stop()
    for (const s of syncers) {
      const { code, out } = await s.ended
      expect({ code, out: code === 0 ? '' : out }).toEqual({ code: 0, out: '' })
    }
    const local = url.toString()
    const expected = Object.assign({}, ...dirs.map(localRunsAt)) as Record<string, RunDump>
    expect(Object.keys(expected)).toHaveLength(9)
    expect(await hubRuns(local, 'team')).toEqual(expected)
    expect(await hubCounts(local, 'team')).toMatchObject({ runs: 9, points: 9 * 3 * 2000 })
    const sql = postgres(local, { max: 1 })
    const sources = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM hub_sources`
    await sql.end()
    expect(sources[0]!.n).toBe(3)
  },
  120_000,
)
