/** The columnar chunk encoding: bit-exact values, the three step encodings, delta-coded times, corruption. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CorruptDataError } from '../../../src/engine/errors.js'
import {
  allocPoints,
  blockRanges,
  decodeBlockInto,
  decodeChunkInto,
  encodeChunk,
  type EncodedChunk,
  type SeriesPoints,
} from '../../../src/engine/series/codec.js'
import {
  blockOffsets,
  FIRST_TIME,
  LOD_BLOCK,
  LOD_FIELDS,
  lodView,
  STEP_FIRST,
} from '../../../src/engine/series/lod.js'
import { storedTime } from '../../../src/engine/series/stored-time.js'
import { writeVarint } from '../../../src/engine/series/varint.js'

function cols(
  steps: number[],
  values: number[],
  times?: number[],
): [Float64Array, Float64Array, Float64Array] {
  return [
    Float64Array.from(steps),
    Float64Array.from(values),
    Float64Array.from(times ?? steps.map((s) => 1_700_000_000_000 + s * 10)),
  ]
}

function decode(chunk: EncodedChunk): SeriesPoints {
  const out = allocPoints(chunk.count)
  decodeChunkInto(chunk, out, 0)
  return out
}

function bytes(array: Float64Array): number[] {
  return [...new Uint8Array(array.buffer, array.byteOffset, array.byteLength)]
}

describe('encodeChunk / decodeChunkInto', () => {
  it('leaves consecutive integer steps implicit (steps NULL) and records count, step range, min and max', () => {
    const chunk = encodeChunk(...cols([5, 6, 7, 8], [0.5, -2, 3, 1]), 0, 4)
    expect(chunk.steps).toBeNull()
    expect(chunk).toMatchObject({ count: 4, stepFirst: 5, stepLast: 8, min: -2, max: 3 })
    expect(chunk.vals.length).toBe(32)
    const out = decode(chunk)
    expect([...out.steps]).toEqual([5, 6, 7, 8])
    expect([...out.values]).toEqual([0.5, -2, 3, 1])
  })

  it('stores integer steps with gaps as varint deltas (tag 1)', () => {
    const steps = [0, 2, 3, 100, 1_000_000, 2 ** 40]
    const chunk = encodeChunk(
      ...cols(
        steps,
        steps.map((s) => s / 7),
      ),
      0,
      steps.length,
    )
    expect(chunk.steps?.[0]).toBe(1)
    expect([...decode(chunk).steps]).toEqual(steps)
  })

  it('stores fractional steps as raw float64s (tag 2)', () => {
    const steps = [0.5, 0.75, 1, 1e-9 + 2, 3.25]
    const chunk = encodeChunk(...cols(steps, [1, 2, 3, 4, 5]), 0, steps.length)
    expect(chunk.steps?.[0]).toBe(2)
    expect(chunk.steps?.length).toBe(1 + steps.length * 8)
    expect([...decode(chunk).steps]).toEqual(steps)
  })

  it('stores integer steps whose gaps are not safe integers as float64s', () => {
    const steps = [0, 1e20, 2e20]
    const chunk = encodeChunk(...cols(steps, [1, 2, 3], [0, 1, 2]), 0, 3)
    expect(chunk.steps?.[0]).toBe(2)
    expect([...decode(chunk).steps]).toEqual(steps)
  })

  it('keeps NaN, -0, +Infinity and -Infinity bit-exact, and leaves NaN out of min/max', () => {
    const values = [Number.NaN, -0, Infinity, -Infinity, 0, 1.5]
    const [s, v, t] = cols([0, 1, 2, 3, 4, 5], values)
    const chunk = encodeChunk(s, v, t, 0, 6)
    expect(chunk.min).toBe(-Infinity)
    expect(chunk.max).toBe(Infinity)
    const out = decode(chunk)
    for (let i = 0; i < values.length; i++) expect(Object.is(out.values[i], values[i])).toBe(true)
    expect(bytes(out.values)).toEqual(bytes(v))
  })

  it('keeps a NaN payload bit for bit', () => {
    const v = new Float64Array(2)
    new DataView(v.buffer).setBigUint64(0, 0x7ff8_dead_beef_0001n, true)
    new DataView(v.buffer).setBigUint64(8, 0xfff0_0000_0000_0001n, true) // a signalling NaN, sign bit set
    const chunk = encodeChunk(Float64Array.from([0, 1]), v, Float64Array.from([0, 0]), 0, 2)
    expect(bytes(decode(chunk).values)).toEqual(bytes(v))
  })

  it('gives min and max null when every value is NaN', () => {
    const chunk = encodeChunk(...cols([0, 1], [Number.NaN, Number.NaN]), 0, 2)
    expect(chunk.min).toBeNull()
    expect(chunk.max).toBeNull()
  })

  it('encodes the sub-range [start, end) of the columns only', () => {
    const [s, v, t] = cols([0, 1, 2, 3, 4, 5], [10, 11, 12, 13, 14, 15])
    const chunk = encodeChunk(s, v, t, 2, 5)
    expect(chunk).toMatchObject({ count: 3, stepFirst: 2, stepLast: 4, min: 12, max: 14 })
    const out = decode(chunk)
    expect([...out.values]).toEqual([12, 13, 14])
    expect([...out.timestamps]).toEqual([...t.subarray(2, 5)])
  })

  it('round-trips timestamps as whole milliseconds, including backwards jumps', () => {
    const times = [1_700_000_000_000.4, 1_700_000_000_001, 1_600_000_000_000, 1_700_000_000_500.6, 0, -5_000]
    const chunk = encodeChunk(...cols([0, 1, 2, 3, 4, 5], [1, 2, 3, 4, 5, 6], times), 0, 6)
    expect([...decode(chunk).timestamps]).toEqual(times.map(Math.round))
  })

  it('stores regular timestamps in about one byte per point', () => {
    const n = 1000
    const steps = Array.from({ length: n }, (_, i) => i)
    const chunk = encodeChunk(
      ...cols(
        steps,
        steps,
        steps.map((i) => 1_700_000_000_000 + i * 3),
      ),
      0,
      n,
    )
    expect(chunk.times.length).toBeLessThanOrEqual(8 + n)
    expect(chunk.steps).toBeNull()
  })

  it('writes the one-byte deltas of its fast path exactly as writeVarint does, at and past the ±64 edges', () => {
    const deltas = [0, 1, 63, 64, 65, -1, -63, -64, -65, 8191, -8192, 2 ** 40, -(2 ** 40), 5]
    const times = [1_700_000_000_000]
    const steps = [0]
    for (const d of deltas) {
      times.push(times.at(-1)! + d)
      steps.push(steps.at(-1)! + (d > 0 ? d : 2)) // gaps, so the steps are varint-coded too
    }
    const chunk = encodeChunk(...cols(steps, steps.map(Math.sin), times), 0, times.length)
    const expected = (first: Buffer, ds: number[]): Buffer => {
      const out = Buffer.alloc(first.length + ds.length * 10)
      first.copy(out)
      let offset = first.length
      for (const d of ds) offset = writeVarint(out, offset, d)
      return out.subarray(0, offset)
    }
    const firstTime = Buffer.alloc(8)
    firstTime.writeDoubleLE(times[0]!, 0)
    expect(chunk.times.equals(expected(firstTime, deltas))).toBe(true)
    const stepDeltas = steps.slice(1).map((s, i) => s - steps[i]!)
    expect(chunk.steps!.equals(expected(Buffer.from([1]), stepDeltas))).toBe(true)
  })

  it('copies the values unless asked for a view of them', () => {
    const [steps, values, times] = cols([0, 1, 2], [1, 2, 3])
    const copied = encodeChunk(steps, values, times, 0, 3)
    const view = encodeChunk(steps, values, times, 0, 3, false)
    values[0] = 42
    expect(copied.vals.readDoubleLE(0)).toBe(1)
    expect(view.vals.readDoubleLE(0)).toBe(42)
  })

  it('encodes timestamps far outside any real time without writing a chunk that does not decode', () => {
    const times = [1_700_000_000_000, 1e300, -1e300, 1_700_000_000_001]
    const chunk = encodeChunk(...cols([0, 1, 2, 3], [1, 2, 3, 4], times), 0, 4)
    const out = decode(chunk)
    expect(out.timestamps[0]).toBe(1_700_000_000_000)
    expect(out.timestamps[3]).toBe(1_700_000_000_001)
    expect(out.timestamps[1]).toBeGreaterThan(out.timestamps[0]!)
    expect(out.timestamps[2]).toBeLessThan(0)
  })

  it('decodes into the output at an offset, leaving other points alone', () => {
    const a = encodeChunk(...cols([0, 1], [1, 2]), 0, 2)
    const b = encodeChunk(...cols([5, 9], [3, 4]), 0, 2)
    const out = allocPoints(4)
    decodeChunkInto(a, out, 0)
    decodeChunkInto(b, out, 2)
    expect([...out.steps]).toEqual([0, 1, 5, 9])
    expect([...out.values]).toEqual([1, 2, 3, 4])
  })

  it('round-trips any finite-step series bit-exact (property)', () => {
    const point = fc.record({
      gap: fc.oneof(
        fc.constant(1),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0.001, max: 1e6, noNaN: true }),
      ),
      value: fc.double(),
      dt: fc.integer({ min: -10_000, max: 10_000 }),
    })
    fc.assert(
      fc.property(
        fc.array(point, { minLength: 1, maxLength: 200 }),
        fc.integer({ min: -1000, max: 1000 }),
        (points, first) => {
          const steps: number[] = []
          const times: number[] = []
          let step = first
          let time = 1_700_000_000_000
          for (const p of points) {
            steps.push(step)
            times.push(time)
            step += p.gap
            time += p.dt
          }
          const [s, v, t] = cols(
            steps,
            points.map((p) => p.value),
            times,
          )
          const out = decode(encodeChunk(s, v, t, 0, steps.length))
          expect([...out.steps]).toEqual(steps)
          expect(bytes(out.values)).toEqual(bytes(v))
          expect([...out.timestamps]).toEqual(times)
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe('corrupt chunks', () => {
  const good = (): EncodedChunk => encodeChunk(...cols([0, 2, 3], [1, 2, 3]), 0, 3)

  it('throws CorruptDataError CORRUPT_CHUNK for a truncated value column', () => {
    const chunk = { ...good(), vals: good().vals.subarray(0, 20) }
    expect(() => decode(chunk)).toThrow(CorruptDataError)
    try {
      decode(chunk)
    } catch (error) {
      expect((error as CorruptDataError).code).toBe('CORRUPT_CHUNK')
      expect((error as CorruptDataError).hint).toMatch(/nereid verify/)
    }
  })

  it('throws for an unknown step encoding', () => {
    expect(() => decode({ ...good(), steps: Buffer.from([9, 1, 1]) })).toThrow(CorruptDataError)
  })

  it('throws when the step bytes do not match the count', () => {
    expect(() => decode({ ...good(), steps: Buffer.from([1, 2]) })).toThrow(CorruptDataError)
    expect(() => decode({ ...good(), steps: Buffer.from([2, 0, 0, 0]) })).toThrow(CorruptDataError)
  })

  it('throws for truncated or overlong timestamps', () => {
    expect(() => decode({ ...good(), times: Buffer.alloc(4) })).toThrow(CorruptDataError)
    expect(() => decode({ ...good(), times: Buffer.concat([good().times, Buffer.from([1])]) })).toThrow(
      CorruptDataError,
    )
  })
})

describe('decodeBlockInto', () => {
  it('decodes one level-of-detail block alone exactly as the whole chunk decodes it, for every step encoding', () => {
    const n = 1000
    for (const stepOf of [(i: number) => 5 + i, (i: number) => 3 * i + (i % 7), (i: number) => i / 4]) {
      const steps = Float64Array.from({ length: n }, (_, i) => stepOf(i))
      const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 1e3)
      const times = Float64Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 13 + (i % 5) * 1000)
      const chunk = encodeChunk(steps, values, times, 0, n)
      const whole = allocPoints(n)
      decodeChunkInto(chunk, whole, 0)
      const lod = lodView(chunk.lod)
      for (let b = 0; b * LOD_BLOCK < n; b++) {
        const o = b * LOD_FIELDS
        const part = allocPoints(n)
        const from = b * LOD_BLOCK
        const to = Math.min(n, from + LOD_BLOCK)
        const tag = chunk.steps === null ? null : chunk.steps[0]!
        const r = blockRanges(from, to, blockOffsets(lod, b), tag)
        const slice = (b: Buffer, [start, length]: [number, number]) => b.subarray(start, start + length)
        const bytes = {
          vals: slice(chunk.vals, r.vals),
          stepsTag: tag,
          steps: chunk.steps && slice(chunk.steps, r.steps),
          times: slice(chunk.times, r.times),
        }
        decodeBlockInto(
          bytes,
          {
            chunkStepFirst: chunk.stepFirst,
            stepFirst: lod[o + STEP_FIRST]!,
            firstTime: lod[o + FIRST_TIME]!,
          },
          from,
          to,
          part,
        )
        expect([...part.steps.subarray(from, to)]).toEqual([...whole.steps.subarray(from, to)])
        expect([...part.values.subarray(from, to)]).toEqual([...whole.values.subarray(from, to)])
        expect([...part.timestamps.subarray(from, to)]).toEqual([...whole.timestamps.subarray(from, to)])
      }
    }
  })
})

describe('encodeChunk times, against the plain definition', () => {
  /** The first stored time as a float64, then the zigzag varint of each stored-time delta (the old encoder). */
  function referenceTimes(times: Float64Array): number[] {
    const out = Buffer.alloc(8 + times.length * 10)
    let previous = storedTime(times[0] ?? 0)
    out.writeDoubleLE(previous, 0)
    let offset = 8
    for (let i = 1; i < times.length; i++) {
      const t = storedTime(times[i]!)
      offset = writeVarint(out, offset, t - previous)
      previous = t
    }
    return [...out.subarray(0, offset)]
  }

  const time = fc.oneof(
    fc.constantFrom(NaN, Infinity, -Infinity, -0, 0, 0.5, -0.5, 1.5, 2 ** 53, -(2 ** 60)),
    fc.double({ min: -1e15, max: 1e15 }),
    fc.integer({ min: -5, max: 5 }).map((d) => 1_767_225_600_000 + d),
  )

  it('writes the same time bytes for runs of repeated, fractional, negative and out-of-range times', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(time, fc.nat(600)), { minLength: 1, maxLength: 30 }), (runs) => {
        // runs of one time repeated (a fast loop logs many points in one ms), across block boundaries
        const times = Float64Array.from(runs.flatMap(([t, n]) => Array<number>(n + 1).fill(t)))
        const steps = Float64Array.from(times, (_, i) => i * 2)
        const chunk = encodeChunk(steps, new Float64Array(times.length), times, 0, times.length)
        expect([...chunk.times]).toEqual(referenceTimes(times))
        expect([...decode(chunk).timestamps]).toEqual([...times].map(storedTime))
      }),
      { numRuns: 200 },
    )
  })
})

describe('encodeChunk min/max, against the plain definition', () => {
  it('equals a scan of the values (NaN skipped, first of equal extremes kept) for any chunk length', () => {
    const value = fc.oneof(fc.constantFrom(NaN, Infinity, -Infinity, -0, 0), fc.double())
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 1200 }), (xs) => {
        let min = Infinity
        let max = -Infinity
        let seen = false
        for (const v of xs) {
          if (v !== v) continue
          seen = true
          if (v < min) min = v
          if (v > max) max = v
        }
        const values = Float64Array.from(xs)
        const steps = Float64Array.from(xs, (_, i) => i)
        const chunk = encodeChunk(steps, values, steps, 0, xs.length)
        expect(Object.is(chunk.min, seen ? min : null)).toBe(true)
        expect(Object.is(chunk.max, seen ? max : null)).toBe(true)
      }),
      { numRuns: 300 },
    )
  })
})
