/* eslint-disable @typescript-eslint/no-explicit-any -- the tests read JSON replies loosely and assert their shape */
/**
 * `nereid serve` merges the inbox beside its read-only server, as `nereid watch` does: an oplog file
 * waiting when it starts is merged before the URL is printed, one written while it serves is merged and
 * seen through the API; `--no-merge` leaves the inbox alone.
 */
import { existsSync, readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { openProject } from '../../src/index.js'
import { runFixture } from '../helpers/child.js'
import { tempDir } from '../helpers/tmp.js'

function writeOplog(dir: string, name: string): string {
  const writer = openProject(dir, { mode: 'oplog' })
  writer.startRun({ name }).log({ x: 1 }, { step: 0 })
  writer.close()
  return writer.oplogPath
}

async function serve(args: string[]): Promise<{ child: ReturnType<typeof runFixture>; url: string }> {
  const child = runFixture('nereid-cli', ['serve', ...args, '--port', '0'])
  const line = await child.line('nereid serve: http')
  return { child, url: line.slice('nereid serve: '.length) }
}

const runNames = async (url: string, project: string): Promise<string[]> => {
  const table = (await (await fetch(`${url}api/projects/${project}/runs?columns=sys/name`)).json()) as any
  return table.items.map((r: any) => r['sys/name']).sort()
}

describe('nereid serve merges the inbox', () => {
  test('a waiting file before the URL, a new one while serving; both archived', async () => {
    const dir = join(tempDir('serve-merge-'), 'proj')
    openProject(dir, { mode: 'db', key: 'SM' }).close()
    const first = writeOplog(dir, 'before')
    const { child, url } = await serve([dir])
    expect(await runNames(url, 'proj')).toEqual(['before'])
    const second = writeOplog(dir, 'during')
    let names: string[] = []
    for (let i = 0; i < 200 && names.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      names = await runNames(url, 'proj')
    }
    expect(names).toEqual(['before', 'during'])
    // the run shows once its first lines are merged; a merge may have read the file before its `end` line
    // was written, and the next one (an event, or the 1 s poll) archives it
    const archived = (): string[] => {
      const done = join(dir, 'inbox', 'merged')
      return existsSync(done) ? readdirSync(done) : []
    }
    for (let i = 0; i < 200 && !archived().includes(basename(second)); i++)
      await new Promise((resolve) => setTimeout(resolve, 100))
    child.process.kill('SIGTERM')
    expect((await child.ended).code, child.stderr()).toBe(0)
    expect(child.stderr()).toMatch(/nereid serve: proj: merged \d+ files?: 4 lines/)
    const merged = archived()
    expect(merged).toContain(basename(first))
    expect(merged).toContain(basename(second))
  }, 60_000)

  test('--no-merge serves a workspace without touching its inboxes', async () => {
    const home = tempDir('serve-merge-')
    const dir = join(home, 'proj')
    openProject(dir, { mode: 'db', key: 'SM' }).close()
    const file = writeOplog(dir, 'waiting')
    const { child, url } = await serve([home, '--no-merge'])
    expect(await runNames(url, 'proj')).toEqual([])
    child.process.kill('SIGTERM')
    expect((await child.ended).code).toBe(0)
    expect(existsSync(file)).toBe(true)
    const project = openProject(dir, { mode: 'db' })
    expect(project.operations.list()).toEqual([])
    project.close()
  }, 60_000)
})
