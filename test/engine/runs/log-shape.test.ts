/**
 * The writer's dict-shape cache behind `run.log(dict)`: each key's state is found by its position in the
 * last dict; every change of shape, new key, change of type, delete and conflict must still land each
 * point in its own series.
 */
import { describe, expect, it } from 'vitest'
import type { Run, SeriesPoints } from '../../../src/index.js'
import { tempProject, thrown } from '../../helpers/project.js'

function points(run: Run, path: string): [number, number][] {
  run.flush()
  const p = run.field(path).fetchValues() as SeriesPoints
  return [...p.steps].map((s, i) => [s, p.values[i]!])
}

describe('log(dict) with the shape cache', () => {
  it('keeps each point in its series when the keys change order, appear and disappear', () => {
    const run = tempProject().startRun({ name: 'r' })
    run.log({ a: 1, b: 2, c: 3 }, { step: 0 })
    run.log({ a: 4, b: 5, c: 6 }, { step: 1 })
    run.log({ c: 9, a: 7, b: 8 }, { step: 2 }) // same keys, other order
    run.log({ a: 10, d: 11, b: 12 }, { step: 3 }) // a new key in the middle, c left out
    run.log({ b: 13 }, { step: 4 })
    run.log({ a: 14, b: 15, c: 16, d: 17 }, { step: 5 })
    expect(points(run, 'a')).toEqual([
      [0, 1],
      [1, 4],
      [2, 7],
      [3, 10],
      [5, 14],
    ])
    expect(points(run, 'b')).toEqual([
      [0, 2],
      [1, 5],
      [2, 8],
      [3, 12],
      [4, 13],
      [5, 15],
    ])
    expect(points(run, 'c')).toEqual([
      [0, 3],
      [1, 6],
      [2, 9],
      [5, 16],
    ])
    expect(points(run, 'd')).toEqual([
      [3, 11],
      [5, 17],
    ])
  })

  it('keeps positions of numbers apart from strings in a mixed dict', () => {
    const run = tempProject().startRun({ name: 'r' })
    run.log({ note: 'x', a: 1, b: 2 }, { step: 0 })
    run.log({ a: 3, note: 'y', b: 4 }, { step: 1 })
    run.log({ b: 6, a: 5 }, { step: 2 })
    expect(points(run, 'a')).toEqual([
      [0, 1],
      [1, 3],
      [2, 5],
    ])
    expect(points(run, 'b')).toEqual([
      [0, 2],
      [1, 4],
      [2, 6],
    ])
    expect(run.field('note').fetchLast()).toBe('y')
  })

  it('refuses a key whose value changes type, after caching it as a float', () => {
    const run = tempProject().startRun({ name: 'r' })
    run.log({ a: 1, b: 2 }, { step: 0 })
    const error = thrown(() => run.log({ a: 'text', b: 3 }, { step: 1 }))
    expect(error.code).toBe('FIELD_TYPE_CONFLICT')
    run.log({ a: 4, b: 5 }, { step: 2 })
    expect(points(run, 'a')).toEqual([
      [0, 1],
      [2, 4],
    ])
    expect(points(run, 'b')).toEqual([
      [0, 2],
      [2, 5],
    ])
  })

  it('starts a deleted series afresh with the same dict shape, and a float under a deleted namespace', () => {
    const run = tempProject().startRun({ name: 'r' })
    run.log({ 'm/a': 1, 'm/b': 2 }, { step: 0 })
    run.delete('m/a')
    run.log({ 'm/a': 3, 'm/b': 4 }, { step: 1 })
    expect(points(run, 'm/a')).toEqual([[1, 3]])
    run.delete('m')
    run.assign('m', 'now an atom')
    const error = thrown(() => run.log({ 'm/a': 5, 'm/b': 6 }, { step: 2 }))
    expect(error.code).toBe('FIELD_TYPE_CONFLICT')
    expect(run.field('m').fetch()).toBe('now an atom')
  })

  it('drops a non-increasing step per key, as without the cache', () => {
    const run = tempProject().startRun({ name: 'r' })
    run.log({ a: 1, b: 2 }, { step: 5 })
    run.log({ a: 3 }, { step: 6 })
    run.log({ a: 9, b: 4 }, { step: 6 }) // a's step 6 is not increasing; b's is
    expect(points(run, 'a')).toEqual([
      [5, 1],
      [6, 3],
    ])
    expect(points(run, 'b')).toEqual([
      [5, 2],
      [6, 4],
    ])
    expect(run.dropped()).toEqual({ a: 1 })
  })

  it('keeps the cache right across flushes (dirty flags reset)', () => {
    const run = tempProject().startRun({ name: 'r' })
    for (let step = 0; step < 5; step++) {
      run.log({ a: step, b: -step }, { step })
      run.flush()
    }
    expect(points(run, 'a').map(([, v]) => v)).toEqual([0, 1, 2, 3, 4])
    expect(points(run, 'b').map(([, v]) => v)).toEqual([-0, -1, -2, -3, -4])
  })
  it('reads each value once, so a getter cannot hand the writer another value than the one checked', () => {
    const run = tempProject().startRun({ name: 'r' })
    run.log({ a: 1, b: 'x' }, { step: 0 }) // the shape: a float, then a string
    let reads = 0
    const dict = {
      get a(): unknown {
        reads++
        return reads === 1 ? 2 : 'not a float' // a second read would see a string
      },
      b: 'y',
    }
    run.log(dict as unknown as Record<string, number>, { step: 1 })
    expect(reads).toBe(1)
    expect(points(run, 'a')).toEqual([
      [0, 1],
      [1, 2],
    ])
  })

  it('skips an unsupported value and keeps the others with their values, in and out of the cache', () => {
    const run = tempProject({ onWarning: () => {} }).startRun({ name: 'r' })
    run.log({ a: 1, n: null, b: 2 } as unknown as Record<string, number>, { step: 0 })
    run.log({ a: 3, b: 4 }, { step: 1 })
    run.log({ a: 5, n: null, b: 6 } as unknown as Record<string, number>, { step: 2 })
    expect(points(run, 'a')).toEqual([
      [0, 1],
      [1, 3],
      [2, 5],
    ])
    expect(points(run, 'b')).toEqual([
      [0, 2],
      [1, 4],
      [2, 6],
    ])
    expect(run.exists('n')).toBe(false)
  })
  it('checks a bigint in place of a cached float in full (exact or refused)', () => {
    const run = tempProject().startRun({ name: 'r' })
    run.log({ a: 1, b: 2 }, { step: 0 }) // an all-number shape
    run.log({ a: 3n, b: 4 } as unknown as Record<string, number>, { step: 1 })
    const error = thrown(() =>
      run.log({ a: 2n ** 60n + 1n, b: 5 } as unknown as Record<string, number>, { step: 2 }),
    )
    expect(error.code).toBe('LOSSY_VALUE') // not exact as a float
    expect(points(run, 'a')).toEqual([
      [0, 1],
      [1, 3],
    ])
    expect(points(run, 'b')).toEqual([
      [0, 2],
      [1, 4],
    ])
  })
})
