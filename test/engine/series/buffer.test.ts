/** In-memory columns of pending points: growth keeps every point, clear() keeps the memory. */
import { describe, expect, it } from 'vitest'
import { FloatBuffer, StringBuffer } from '../../../src/engine/series/buffer.js'

describe('FloatBuffer', () => {
  it('keeps every point, bit-exact, as it grows past its first capacity', () => {
    const buffer = new FloatBuffer()
    const n = 1000
    for (let i = 0; i < n; i++)
      buffer.push(i * 2, i === 500 ? -0 : i % 7 === 0 ? Number.NaN : i / 3, 1_700_000_000_000 + i)
    expect(buffer.length).toBe(n)
    expect(buffer.steps.length).toBeGreaterThanOrEqual(n)
    expect(buffer.steps[999]).toBe(1998)
    expect(buffer.values[7]).toBeNaN()
    expect(Object.is(buffer.values[500], -0)).toBe(true)
    expect(buffer.values[1]).toBe(1 / 3)
    expect(buffer.timestamps[999]).toBe(1_700_000_000_999)
  })

  it('clear() forgets the points but keeps the grown columns for the next ones', () => {
    const buffer = new FloatBuffer()
    for (let i = 0; i < 300; i++) buffer.push(i, i, i)
    const columns = buffer.values
    buffer.clear()
    expect(buffer.length).toBe(0)
    buffer.push(5, 6, 7)
    expect(buffer.values).toBe(columns)
    expect([buffer.steps[0], buffer.values[0], buffer.timestamps[0], buffer.length]).toEqual([5, 6, 7, 1])
  })
})

describe('StringBuffer', () => {
  it('keeps points in order and empties on clear()', () => {
    const buffer = new StringBuffer()
    buffer.push(0, 'a', 10)
    buffer.push(3, 'b', 11)
    expect(buffer.length).toBe(2)
    expect([buffer.steps, buffer.values, buffer.timestamps]).toEqual([
      [0, 3],
      ['a', 'b'],
      [10, 11],
    ])
    buffer.clear()
    expect(buffer.length).toBe(0)
    expect(buffer.values).toEqual([])
  })
})
