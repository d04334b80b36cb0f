import { readFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FieldTypeError, NotFoundError } from '../../../src/engine/errors.js'
import { FileNotFoundError, NotAFileError } from '../../../src/engine/objects/errors.js'
import { tempDir } from '../../helpers/tmp.js'
import { randomFile, sha256 } from '../objects/helpers.js'
import { Field } from '../../../src/engine/field.js'
import { nodeIo, type StoreHandle, type StoreIo } from '../../../src/engine/objects/io.js'
import { openObjectStore } from '../../../src/engine/objects/store.js'
import { hostOf, objectsIn, testProject } from './helpers.js'

describe('File fields', () => {
  it('upload(path) stores the file; fetch() gives { hash, size, mime, name }; download() is bit-exact', async () => {
    const { project } = testProject()
    const run = project.startRun()
    const { path, bytes } = randomFile(300_000, 'weights.pt')
    const info = await run.field('model/weights').upload(path)
    expect(info).toEqual({
      hash: sha256(bytes),
      size: 300_000,
      mime: 'application/octet-stream',
      name: 'weights.pt',
    })
    expect(run.field('model/weights').fetch()).toEqual(info)
    expect(run.field('model/weights').type()).toBe('File')
    const out = tempDir()
    expect(await run.field('model/weights').download(out)).toEqual([join(out, 'weights.pt')])
    expect(readFileSync(join(out, 'weights.pt')).equals(bytes)).toBe(true)
    const exact = join(out, 'renamed.bin')
    expect(await run.field('model/weights').download(exact)).toEqual([exact])
    expect(readFileSync(exact).equals(bytes)).toBe(true)
    project.close()
  })

  it('upload(buffer, { mime, name }) and a read-only view downloads it after the project is reopened', async () => {
    const { project } = testProject()
    const run = project.startRun()
    const bytes = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')
    await run.field('plots/roc').upload(bytes, { mime: 'image/svg+xml', name: 'roc.svg' })
    await run.field('notes/raw').upload(Buffer.from('x'))
    expect(run.field('notes/raw').fetch()).toMatchObject({ name: 'raw', mime: 'application/octet-stream' })
    const id = run.id
    project.close()
    const { openProject } = await import('../../../src/engine/project.js')
    const again = openProject(project.dir, { readonly: true })
    const view = again.runs.get(id)
    expect(view.field('plots/roc').fetch()).toEqual({
      hash: sha256(bytes),
      size: bytes.length,
      mime: 'image/svg+xml',
      name: 'roc.svg',
    })
    expect(view.fetch('plots')).toEqual({
      roc: { hash: sha256(bytes), size: bytes.length, mime: 'image/svg+xml', name: 'roc.svg' },
    })
    const out = tempDir()
    await view.field('plots/roc').download(out)
    expect(readFileSync(join(out, 'roc.svg')).equals(bytes)).toBe(true)
    expect('upload' in view.field('plots/roc')).toBe(false)
    again.close()
  })

  it('re-uploading replaces the value; the same file logged by two runs is stored once', async () => {
    const { project } = testProject()
    const a = project.startRun()
    const b = project.startRun()
    const first = randomFile(20_000)
    const second = randomFile(20_000)
    await a.field('data/sample').upload(first.path)
    await b.field('data/sample').upload(first.path)
    expect(objectsIn(project.dir)).toEqual([sha256(first.bytes)])
    await a.field('data/sample').upload(second.path)
    expect(a.field('data/sample').fetch()).toMatchObject({ hash: sha256(second.bytes) })
    expect(b.field('data/sample').fetch()).toMatchObject({ hash: sha256(first.bytes) })
    expect(objectsIn(project.dir)).toEqual([sha256(first.bytes), sha256(second.bytes)].sort())
    project.close()
  })

  it('re-uploading a file this process stored, unchanged, hashes it first and writes no byte', async () => {
    const { project } = testProject()
    const run = project.startRun()
    let written = 0
    const io: StoreIo = {
      ...nodeIo,
      open: async (path, flags, mode) => {
        const handle = await nodeIo.open(path, flags, mode)
        const write = handle.write.bind(handle) as StoreHandle['write']
        return Object.assign(handle, {
          write: (b: Buffer, o: number, l: number, p: number) => ((written += l), write(b, o, l, p)),
        })
      },
    }
    const host = hostOf(run, () => {}, openObjectStore(project.dir, { io }))
    const { path } = randomFile(17 << 20)
    await new Field(host, 'a').upload(path)
    expect(written).toBe(17 << 20)
    await new Field(host, 'b').upload(path)
    expect(written).toBe(17 << 20)
    expect(run.field('b').fetch()).toEqual(run.field('a').fetch())
    expect(objectsIn(project.dir).length).toBe(1)
    project.close()
  })

  it('bad input: a type conflict fails before any copy; missing file; directory; nothing is recorded', async () => {
    const { project } = testProject()
    const run = project.startRun()
    run.field('metrics/acc').append(0.5)
    const { path } = randomFile(100)
    await expect(run.field('metrics/acc').upload(path)).rejects.toThrow(FieldTypeError)
    await expect(run.field('model/w').upload(join(tempDir(), 'missing.pt'))).rejects.toThrow(
      FileNotFoundError,
    )
    const dir = tempDir()
    mkdirSync(join(dir, 'sub'))
    await expect(run.field('model/w').upload(join(dir, 'sub'))).rejects.toThrow(NotAFileError)
    await expect(run.field('model/w').upload(42 as unknown as string)).rejects.toMatchObject({
      code: 'INVALID_FILE_INPUT',
    })
    expect(run.field('model/w').exists()).toBe(false)
    expect(objectsIn(project.dir)).toEqual([])
    expect(() => run.field('model/w').fetch()).toThrow(NotFoundError)
    project.close()
  })

  it('file read methods on the wrong type say which methods fit', async () => {
    const { project } = testProject()
    const run = project.startRun()
    await run.field('f').upload(Buffer.from('x'))
    expect(() => run.field('f').fetchLast()).toThrow(
      /FloatSeries, StringSeries, HistogramSeries or FileSeries/,
    )
    expect(() => run.field('f').listFiles()).toThrow(FieldTypeError)
    expect(() => run.field('f').fetchHash()).toThrow(FieldTypeError)
    run.assign('p', 1)
    await expect(run.field('p').download(tempDir())).rejects.toThrow(FieldTypeError)
    project.close()
  })
})
