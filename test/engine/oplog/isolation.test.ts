/**
 * Writers isolated from each other on one project directory: in separate process groups (detached, as
 * batch schedulers start ranks), and — where the sandbox allows `unshare` — in separate network and
 * mount namespaces. Each writes its own oplog file; one merge applies every point exactly once.
 */
import { spawn, spawnSync } from 'node:child_process'
import { readlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openProject } from '../../../src/index.js'
import { tempProjectDir } from '../../helpers/tmp.js'

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'oplog-writer.mjs')
const POINTS = 1000

function run(
  command: string,
  args: string[],
  detached: boolean,
): Promise<{ code: number | null; err: string }> {
  const child = spawn(command, args, { detached, stdio: ['ignore', 'ignore', 'pipe'] })
  let err = ''
  child.stderr.on('data', (b: Buffer) => (err += b.toString()))
  if (detached) process.kill(-child.pid!, 0) // throws unless the child leads a process group of its own
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, err })))
}

async function mergedExactlyOnce(dir: string, writers: number): Promise<string[]> {
  const project = openProject(dir, { mode: 'db' })
  const report = await project.merge()
  expect(report.skipped).toEqual([])
  expect(report.points).toBe(writers * POINTS * 2)
  const runs = project.runs.list()
  for (let tag = 0; tag < writers; tag++) {
    const own = runs.find((r) => r.customRunId === `w-${tag}`)!
    const values = (project.runs.get(own.id).field('train/x').fetchValues() as { values: ArrayLike<number> })
      .values
    expect(Array.from(values)).toEqual(Array.from({ length: POINTS }, (_, i) => i / 2))
  }
  expect(report.archived.length).toBe(writers)
  project.close()
  return report.archived
}

// network, mount and pid namespaces: in its own pid namespace every writer is pid 1, so oplog file names
// (<host>-<pid>-<random>) differ only by their random part
const UNSHARE = ['--net', '--mount', '--pid', '--mount-proc', '--fork']
const unshare = spawnSync('unshare', [...UNSHARE, 'readlink', '/proc/self/ns/net'], {
  encoding: 'utf8',
})
const namespaces = unshare.status === 0
const why = namespaces
  ? ''
  : `unshare ${UNSHARE.join(' ')} is not allowed here (${unshare.error?.message ?? unshare.stderr.trim()})`

describe('isolated writers on one directory', () => {
  it('in separate process groups', async () => {
    const dir = tempProjectDir()
    const ends = [0, 1, 2, 3].map((tag) =>
      run(process.execPath, [FIXTURE, dir, String(tag), String(POINTS)], true),
    )
    for (const end of ends) expect((await end).code, (await end).err).toBe(0)
    await mergedExactlyOnce(dir, 4)
  }, 120_000)

  it.skipIf(!namespaces)(
    `in separate network, mount and pid namespaces${why ? ` (skipped: ${why})` : ''}`,
    async () => {
      expect(unshare.stdout.trim()).not.toBe(readlinkSync('/proc/self/ns/net')) // really another namespace
      const dir = tempProjectDir()
      const ends = [0, 1, 2].map((tag) =>
        run('unshare', [...UNSHARE, process.execPath, FIXTURE, dir, String(tag), String(POINTS)], true),
      )
      for (const end of ends) expect((await end).code, (await end).err).toBe(0)
      const files = await mergedExactlyOnce(dir, 3)
      for (const name of files) expect(name).toMatch(/-1-[0-9a-f]{8}\.oplog\.jsonl$/) // pid 1 in each
    },
    120_000,
  )
})
