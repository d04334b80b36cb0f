import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FieldTypeError } from '../../../src/engine/errors.js'
import { FileNotFoundError } from '../../../src/engine/objects/errors.js'
import { tempDir } from '../../helpers/tmp.js'
import { randomFile, sha256 } from '../objects/helpers.js'
import { objectsIn, testProject } from './helpers.js'

describe('FileSeries fields', () => {
  it('append(buffer) and appendFile(path) add entries with steps, names and descriptions; list/fetchLast/download', async () => {
    const { project } = testProject()
    const run = project.startRun()
    const series = run.field('images/predictions')
    const png = randomFile(5000, 'pred.png')
    const result = series.append(Buffer.from('first'), { name: 'first.txt', timestamp: 1000 })
    expect(result).toBeInstanceOf(Promise)
    await result
    await series.appendFile(png.path, { step: 5, description: 'epoch 5', timestamp: 2000 })
    await series.append(Buffer.from('third'), { description: 'no name' })
    expect(series.type()).toBe('FileSeries')
    const entries = series.list()
    expect(entries).toEqual([
      {
        step: 0,
        timestamp: 1000,
        hash: sha256(Buffer.from('first')),
        size: 5,
        mime: 'text/plain',
        name: 'first.txt',
        kept: true,
      },
      {
        step: 5,
        timestamp: 2000,
        hash: sha256(png.bytes),
        size: 5000,
        mime: 'image/png',
        name: 'pred.png',
        description: 'epoch 5',
        kept: true,
      },
      expect.objectContaining({ step: 6, name: 'predictions', description: 'no name', kept: true }),
    ])
    expect(series.list({ from: 1, to: 5 }).map((e) => e.step)).toEqual([5])
    expect(series.fetchLast()).toEqual(entries[2])
    expect(series.fetch()).toEqual({
      hash: sha256(Buffer.from('third')),
      size: 5,
      mime: 'application/octet-stream',
      name: 'predictions',
    })
    const out = tempDir()
    const written = await series.download(out)
    expect(written).toEqual([join(out, '0.txt'), join(out, '5.png'), join(out, '6')])
    expect(readFileSync(join(out, '5.png')).equals(png.bytes)).toBe(true)
    const ranged = tempDir()
    expect(await series.download(ranged, { from: 1, to: 5 })).toEqual([join(ranged, '5.png')])
    await expect(series.download(ranged, { form: 1 } as never)).rejects.toMatchObject({
      code: 'UNKNOWN_OPTION',
    })
    const last = tempDir()
    expect(await series.downloadLast(last)).toBe(join(last, '6'))
    expect(readFileSync(join(last, '6'), 'utf8')).toBe('third')
    await expect(run.field('plain').downloadLast()).rejects.toMatchObject({ code: 'FIELD_NOT_FOUND' })
    project.close()
  })

  it('the sync append of numbers and strings is unchanged; numbers and strings are refused on a FileSeries', async () => {
    const { project } = testProject()
    const run = project.startRun()
    expect(run.field('metrics/acc').append(0.5)).toBeUndefined()
    expect(run.field('log').append('a path-looking string.png')).toBeUndefined()
    expect(run.field('log').type()).toBe('StringSeries')
    expect(run.field('metrics/acc').fetchLast()).toBe(0.5)
    await run.field('images').append(Buffer.from('x'))
    expect(() => run.field('images').append(1)).toThrow(FieldTypeError)
    expect(() => run.field('images').append('text')).toThrow(/appendFile/)
    expect(() => run.field('images').extend([Buffer.from('a')] as unknown as number[])).toThrow(
      FieldTypeError,
    )
    await expect(run.field('metrics/acc').append(Buffer.from('x'))).rejects.toThrow(FieldTypeError)
    project.close()
  })

  it('an entry at a step that is not increasing is dropped with the usual warning, like any series point', async () => {
    const { project, warnings } = testProject()
    const run = project.startRun()
    await run.field('images').append(Buffer.from('a'), { step: 3 })
    await run.field('images').append(Buffer.from('b'), { step: 3 })
    expect(
      run
        .field('images')
        .list()
        .map((e) => e.step),
    ).toEqual([3])
    expect(warnings.map((w) => w.code)).toEqual(['STEP_NOT_INCREASING'])
    expect(run.dropped()).toEqual({ images: 1 })
    project.close()
  })

  it('bad input: a missing file records nothing', async () => {
    const { project } = testProject()
    const run = project.startRun()
    await expect(run.field('images').appendFile(join(tempDir(), 'missing.png'))).rejects.toThrow(
      FileNotFoundError,
    )
    expect(run.field('images').exists()).toBe(false)
    expect(objectsIn(project.dir)).toEqual([])
    project.close()
  })
})
