/**
 * A real FUSE file system (bindfs, where installed and the sandbox allows mounting): a project opened
 * there with no mode is detected as remote (statfs magic 0x65735546) and written in oplog mode, never
 * creating project.db; merged where the directory is local, every point arrives. (A loopback NFS mount
 * was tried too: this machine's kernel has no NFS client, so FUSE stands in for it — docs/oplog.md.)
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { OplogProject, openProject } from '../../../src/index.js'
import { tempDir } from '../../helpers/tmp.js'

const source = tempDir('fuse-src-')
const mountpoint = tempDir('fuse-mnt-')
const mounted = spawnSync('bindfs', [source, mountpoint], { encoding: 'utf8' })
const why =
  mounted.status === 0 ? '' : `bindfs could not mount (${mounted.error?.message ?? mounted.stderr.trim()})`

afterAll(() => {
  if (mounted.status === 0) spawnSync('fusermount', ['-u', mountpoint])
})

describe('a project on a FUSE file system', () => {
  it.skipIf(!!why)(`is written in oplog mode without asking${why ? ` (skipped: ${why})` : ''}`, async () => {
    delete process.env.NEREID_MODE
    const dir = join(mountpoint, 'proj')
    mkdirSync(dir)
    const writer = openProject(dir) // no mode: auto
    expect(writer).toBeInstanceOf(OplogProject)
    expect(writer.mode).toBe('oplog')
    const run = writer.startRun({ customRunId: 'fuse-1' })
    for (let step = 0; step < 500; step++) run.log({ x: step }, { step })
    writer.close()
    expect(existsSync(join(source, 'proj', 'project.db'))).toBe(false)
    const project = openProject(join(source, 'proj'), { mode: 'db' })
    const report = await project.merge()
    expect(report.points).toBe(500)
    const id = project.runs.list()[0]!.id
    const values = (project.runs.get(id).field('x').fetchValues() as { values: ArrayLike<number> }).values
    expect(values.length).toBe(500)
    project.close()
  })
})
