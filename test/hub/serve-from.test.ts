/**
 * `nereid serve --from postgres://…` as a real process: the server reads a synced hub project through the
 * same JSON API as a local one (project list, series buckets, the runs table with an NQL query, and a
 * malformed query answered 400 with its column).
 */
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { connectHub } from '../../src/hub/connect.js'
import { syncOnce } from '../../src/hub/sync.js'
import { MAIN } from '../cli/cli.js'
import { startPostgres, type PgServer } from '../helpers/postgres.js'
import { tempProject } from '../helpers/project.js'

let pg: PgServer
beforeAll(async () => {
  pg = await startPostgres()
})
afterAll(() => pg.stop())

test('the viewer API over a hub project', async () => {
  const url = await pg.database()
  const project = tempProject({}, 'shown')
  const run = project.startRun({ name: 'only' })
  for (let step = 0; step < 5000; step++) run.log({ 'train/loss': 1 / (step + 1) }, { step })
  run.close()
  const hub = await connectHub(url)
  await syncOnce(project, hub)
  await hub.close()
  const child = spawn(process.execPath, [MAIN, 'serve', '--from', url, '--port', '0'], { stdio: 'pipe' })
  try {
    const line = await new Promise<string>((resolve, reject) => {
      child.on('close', (code) => reject(new Error(`serve exited ${code}`)))
      createInterface({ input: child.stdout }).on('line', (l) => {
        if (l.startsWith('nereid serve: http')) resolve(l)
      })
    })
    const base = line.slice('nereid serve: '.length).replace(/\/$/, '')
    const get = async (path: string): Promise<unknown> => (await fetch(`${base}/api${path}`)).json()
    expect(await get('/projects')).toMatchObject({ items: [{ name: 'shown', runs: 1 }] })
    const series = (await get('/projects/shown/runs/SHOWN-1/series?path=train/loss&buckets=100')) as Record<
      string,
      unknown
    >
    expect(series).toMatchObject({ path: 'train/loss', mode: 'buckets', from: 0, to: 4999 })
    const runs = (query: string) =>
      fetch(`${base}/api/projects/shown/runs?query=${encodeURIComponent(query)}&columns=sys/id,train/loss`)
    const matched = await runs('train/loss < 0.001 AND sys/name = "only"')
    expect(matched.status).toBe(200)
    expect(await matched.json()).toMatchObject({
      total: 1,
      items: [{ 'sys/id': 'SHOWN-1', 'train/loss': 1 / 5000 }],
    })
    const bad = await runs('train/loss <')
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { code: 'QUERY_SYNTAX', column: 13 } })
  } finally {
    child.kill('SIGTERM')
  }
})
