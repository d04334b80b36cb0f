import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { artifactHash } from '../../../src/engine/files/artifact-hash.js'
import { FileNotFoundError, SymlinkLoopError } from '../../../src/engine/objects/errors.js'
import { symlinkSync } from 'node:fs'
import { tempDir } from '../../helpers/tmp.js'
import { sha256 } from '../objects/helpers.js'
import { fieldOf, objectsIn, testProject } from './helpers.js'

function dataset(): string {
  const root = tempDir()
  mkdirSync(join(root, 'train'), { recursive: true })
  writeFileSync(join(root, 'train', 'a.csv'), 'x,y\n1,2\n')
  writeFileSync(join(root, 'train', 'b.csv'), 'x,y\n3,4\n')
  writeFileSync(join(root, 'labels.txt'), 'cat\ndog\n')
  return root
}

describe('Artifact fields (trackFiles)', () => {
  it('tracks a directory by relative path, size, mtime and hash, without copying anything', async () => {
    const { project } = testProject()
    const run = project.startRun()
    const root = dataset()
    const manifest = await run.field('datasets/train').trackFiles(root)
    expect(manifest.files.map((f) => f.path)).toEqual(['labels.txt', 'train/a.csv', 'train/b.csv'])
    const a = manifest.files[1]!
    expect(a).toEqual({
      path: 'train/a.csv',
      size: 8,
      mtime: Math.floor(statSync(join(root, 'train/a.csv')).mtimeMs),
      hash: sha256(Buffer.from('x,y\n1,2\n')),
      location: join(root, 'train/a.csv'),
    })
    expect(run.field('datasets/train').fetchFilesList()).toEqual(manifest.files)
    expect(run.field('datasets/train').fetchHash()).toBe(manifest.hash)
    expect(manifest.hash).toBe(artifactHash(manifest.files))
    expect(run.field('datasets/train').fetch()).toEqual({ hash: manifest.hash, files: 3, size: 8 + 8 + 8 })
    expect(run.field('datasets/train').type()).toBe('Artifact')
    expect(objectsIn(project.dir)).toEqual([])
    project.close()
  })

  it('the same data in another place has the same hash; a change of content changes it', async () => {
    const { project } = testProject()
    const run = project.startRun()
    const root = dataset()
    const copy = tempDir()
    cpSync(root, copy, { recursive: true })
    await run.field('a').trackFiles(root)
    await run.field('b').trackFiles(copy)
    expect(run.field('a').fetchHash()).toBe(run.field('b').fetchHash())
    writeFileSync(join(copy, 'labels.txt'), 'cat\nbird\n')
    await run.field('c').trackFiles(copy)
    expect(run.field('c').fetchHash()).not.toBe(run.field('a').fetchHash())
    project.close()
  })

  it('tracks one file, a glob, and merges calls (with a destination prefix)', async () => {
    const { project } = testProject()
    const run = project.startRun()
    const root = dataset()
    const art = run.field('data')
    await art.trackFiles(join(root, 'labels.txt'))
    await art.trackFiles('train/*.csv', { cwd: root, destination: 'splits/train' })
    expect(art.fetchFilesList().map((f) => f.path)).toEqual([
      'labels.txt',
      'splits/train/train/a.csv',
      'splits/train/train/b.csv',
    ])
    await expect(art.trackFiles('x', { destination: '../up' })).rejects.toMatchObject({
      code: 'INVALID_DESTINATION',
    })
    project.close()
  })

  it('bad input: a missing path, a glob matching nothing (warning, empty artifact), a symlink loop', async () => {
    const { project, warnings } = testProject()
    const run = project.startRun()
    const root = dataset()
    await expect(run.field('a').trackFiles(join(root, 'missing'))).rejects.toThrow(FileNotFoundError)
    const manifest = await fieldOf(run, 'b', (w) => warnings.push(w)).trackFiles('**/*.parquet', {
      cwd: root,
    })
    expect(manifest.files).toEqual([])
    expect(warnings).toEqual([expect.objectContaining({ code: 'GLOB_NO_MATCH', path: 'b' })])
    symlinkSync(join(root, 'l2'), join(root, 'l1'))
    symlinkSync(join(root, 'l1'), join(root, 'l2'))
    await expect(run.field('c').trackFiles(join(root, 'l1'))).rejects.toThrow(SymlinkLoopError)
    await expect(run.field('c').trackFiles(root)).rejects.toThrow(SymlinkLoopError)
    expect(run.field('c').exists()).toBe(false)
    project.close()
  })

  it('assigning what fetch() returned copies the Artifact (also into another run); a fetched File is refused', async () => {
    const { project } = testProject()
    const run = project.startRun()
    const manifest = await run.field('datasets/train').trackFiles(dataset())
    const fetched = run.field('datasets/train').fetch()
    expect(JSON.stringify(fetched)).toBe(JSON.stringify({ hash: manifest.hash, files: 3, size: 24 }))
    run.field('datasets/copy').assign(fetched)
    const other = project.startRun()
    other.assign({ data: { train: fetched } })
    for (const [r, path] of [
      [run, 'datasets/copy'],
      [other, 'data/train'],
    ] as const) {
      expect(r.field(path).type()).toBe('Artifact')
      expect(r.field(path).fetchHash()).toBe(manifest.hash)
      expect(r.field(path).fetchFilesList()).toEqual(manifest.files)
    }
    expect(other.exists('data/train/hash')).toBe(false)
    other.assign('note', 'x')
    expect(() => other.assign('note', fetched)).toThrow(
      expect.objectContaining({ code: 'FIELD_TYPE_CONFLICT' }),
    )
    // A plain object of the same shape is still a namespace of atoms.
    other.assign('summary', { hash: manifest.hash, files: 3, size: 24 })
    expect(other.field('summary/files').type()).toBe('Float')

    const source = join(tempDir(), 'w.bin')
    writeFileSync(source, 'weights')
    await run.field('model/weights').upload(source)
    expect(() => other.assign('weights', run.field('model/weights').fetch())).toThrow(
      expect.objectContaining({ code: 'INVALID_VALUE', message: expect.stringContaining('fetched File') }),
    )
    expect(other.exists('weights')).toBe(false)
    project.close()
  })

  it('tracks a file:// URL and downloads the tracked files, refusing one that changed or is gone', async () => {
    const { project } = testProject()
    const run = project.startRun()
    const root = dataset()
    const manifest = await run.field('data').trackFiles(pathToFileURL(root).href)
    expect(manifest.files.map((f) => f.path)).toEqual(['labels.txt', 'train/a.csv', 'train/b.csv'])
    const out = tempDir()
    const written = await run.field('data').download(out)
    expect(written).toEqual([join(out, 'labels.txt'), join(out, 'train/a.csv'), join(out, 'train/b.csv')])
    expect(readFileSync(join(out, 'train/a.csv'), 'utf8')).toBe('x,y\n1,2\n')
    await expect(run.field('x').trackFiles('file://elsewhere/data')).rejects.toMatchObject({
      code: 'INVALID_VALUE',
    })
    writeFileSync(join(root, 'labels.txt'), 'cat\ncow\n')
    const again = tempDir()
    await expect(run.field('data').download(again)).rejects.toMatchObject({ code: 'ARTIFACT_FILE_CHANGED' })
    expect(existsSync(join(again, 'labels.txt'))).toBe(false)
    rmSync(join(root, 'train'), { recursive: true })
    await expect(run.field('data').download(tempDir())).rejects.toThrow(FileNotFoundError)
    project.close()
  })
})
