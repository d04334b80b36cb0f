import { createHash } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openProject, type GcReport, type VerifyReport } from '../../src/index.js'
import { tempProjectDir } from '../helpers/tmp.js'
import { cli, json } from './cli.js'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')
const objectFile = (dir: string, hash: string) => join(dir, 'objects', 'sha256', hash.slice(0, 2), hash)

/**
 * A project (key GV) whose run GV-1 uploaded `fields` (path -> content) through the public API; the paths
 * in `deleted` are deleted again before the run closes, leaving their objects unreferenced.
 */
async function project(fields: Record<string, string>, deleted: readonly string[] = []): Promise<string> {
  const dir = tempProjectDir('gv')
  const p = openProject(dir, { key: 'GV', onWarning: () => {} })
  const run = p.startRun({ name: 'files' })
  for (const [path, content] of Object.entries(fields)) await run.field(path).upload(Buffer.from(content))
  for (const path of deleted) run.field(path).delete()
  run.close()
  p.close()
  return dir
}

describe('nereid verify', () => {
  it('says ok with the counts and exits 0 on an intact project', async () => {
    const dir = await project({ f: 'x', 'plots/g': 'y' })
    const result = cli(['verify', '--project', dir])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^ok: 2 objects, 2 (references|referenced)\n$/)
    const report = json<VerifyReport>(cli(['verify', '--json', '--project', dir]))
    expect(report).toMatchObject({
      ok: true,
      objects: 2,
      bytes: 2,
      corrupt: [],
      missing: [],
      invalid: [],
      unreferenced: 0,
    })
  })

  it('names a corrupt object (a flipped byte) and exits 1', async () => {
    const dir = await project({ f: 'x', g: 'y' })
    const hash = sha256('x')
    const file = objectFile(dir, hash)
    chmodSync(file, 0o644)
    const bytes = readFileSync(file)
    bytes[0] = bytes[0]! ^ 0x01
    writeFileSync(file, bytes)

    const result = cli(['verify', '--project', dir])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe(
      `corrupt  ${hash}  objects/sha256/${hash.slice(0, 2)}/${hash} hashes to ${sha256('y')}\n`,
    )
    expect(result.stdout).not.toContain('ok:')
    expect(result.stderr).toContain('error [VERIFY_FAILED]: verify found 1 corrupt object')
    expect(result.stderr).toContain('hint: ')

    const asJson = cli(['verify', '--json', '--project', dir])
    expect(asJson.code).toBe(1)
    const report = JSON.parse(asJson.stdout) as VerifyReport
    expect(report.ok).toBe(false)
    expect(report.corrupt).toEqual([{ hash, actual: sha256('y'), path: file }])
    expect(JSON.parse(asJson.stderr)).toMatchObject({ error: { code: 'VERIFY_FAILED' } })
  })

  it('names a missing object with the run and field that refer to it, and exits 1', async () => {
    const dir = await project({ f: 'x', 'images/g': 'y' })
    const hash = sha256('y')
    unlinkSync(objectFile(dir, hash))
    const result = cli(['verify', '--project', dir])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe(`missing  ${hash}  referenced by GV-1 images/g\n`)
    expect(result.stderr).toContain('error [VERIFY_FAILED]: verify found 1 reference to a missing object')
    const report = JSON.parse(cli(['verify', '--json', '--project', dir]).stdout) as VerifyReport
    expect(report.missing).toEqual([{ hash, run: 'GV-1', path: 'images/g' }])
    expect(report.objects).toBe(1)
  })

  it('does not fail on an unreferenced object', async () => {
    const dir = await project({ f: 'x', g: 'y' }, ['f'])
    const result = cli(['verify', '--project', dir])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^ok: 2 objects, 1 (reference|referenced)\n$/)
  })
})

describe('nereid gc', () => {
  it('--dry-run lists an unreferenced object and removes nothing; gc then removes it', async () => {
    const dir = await project({ f: 'x', g: 'y' }, ['f'])
    const gone = sha256('x')
    const kept = sha256('y')

    const dry = cli(['gc', '--dry-run', '--grace', '0', '--project', dir])
    expect(dry.code).toBe(0)
    expect(dry.stdout).toBe(`would remove  ${gone}  1 B\n`)
    expect(dry.stderr).toContain(
      'dry run: 1 object (1 B) and 0 temp files would be removed, nothing was; kept 1 referenced',
    )
    expect(existsSync(objectFile(dir, gone))).toBe(true)
    const dryJson = json<GcReport>(cli(['gc', '--dry-run', '--grace', '0', '--json', '--project', dir]))
    expect(dryJson).toMatchObject({
      dryRun: true,
      graceMs: 0,
      removed: [{ hash: gone, size: 1 }],
      removedBytes: 1,
      referenced: 1,
      young: 0,
    })
    expect(existsSync(objectFile(dir, gone))).toBe(true)

    const real = cli(['gc', '--grace', '0', '--project', dir])
    expect(real.code).toBe(0)
    expect(real.stdout).toBe(`removed  ${gone}  1 B\n`)
    expect(real.stderr).toContain('removed 1 object (1 B) and 0 temp files; kept 1 referenced')
    expect(existsSync(objectFile(dir, gone))).toBe(false)
    expect(existsSync(objectFile(dir, kept))).toBe(true)

    const again = json<GcReport>(cli(['gc', '--grace', '0', '--json', '--project', dir]))
    expect(again).toMatchObject({ dryRun: false, removed: [], removedBytes: 0, referenced: 1 })
    expect(cli(['verify', '--project', dir]).stdout).toMatch(/^ok: 1 object, 1 (reference|referenced)\n$/)
  })

  it('keeps objects younger than the grace period (default one day, or --grace as a duration)', async () => {
    const dir = await project({ f: 'x', g: 'y' }, ['f'])
    const byDefault = cli(['gc', '--project', dir])
    expect(byDefault.code).toBe(0)
    expect(byDefault.stdout).toBe('')
    expect(byDefault.stderr).toContain(
      'nothing to remove: 1 referenced, 1 younger than the grace period (1d); --grace 0 removes the young ones too',
    )
    expect(json<GcReport>(cli(['gc', '--grace', '2h', '--json', '--project', dir]))).toMatchObject({
      graceMs: 7_200_000,
      removed: [],
      young: 1,
    })
    expect(
      json<GcReport>(cli(['gc', '--grace', '90000', '--dry-run', '--json', '--project', dir])),
    ).toMatchObject({ graceMs: 90_000, young: 1 })
    expect(existsSync(objectFile(dir, sha256('x')))).toBe(true)
  })

  it.each([['-1'], ['2 days'], ['abc'], ['1e3']])('refuses --grace %s (exit 2)', async (grace) => {
    const dir = await project({ f: 'x' })
    const result = cli(['gc', '--grace', grace, '--project', dir])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`error [USAGE]: --grace takes a duration`)
    expect(result.stderr).toContain('hint: ')
  })
})
