/**
 * Zigzag varints: small signed integers in one or two bytes. Used for step and timestamp deltas.
 *
 * The bytes are the usual zigzag LEB128 ones (0, -1, 1, -2, … become 0, 1, 2, 3, …), but they are computed
 * from the magnitude and the sign separately: the zigzag number 2|v| - 1 of a large negative `v` is odd and
 * past 2^53, where a float64 cannot hold it, so forming it would lose the value.
 *
 * @example
 * const out = Buffer.alloc(10); const end = writeVarint(out, 0, -3)   // end === 1
 * new VarintReader(out).next()                                        // -3
 */

/** Writes `value` (a safe integer, so at most 8 bytes) at `offset`; returns the offset after it. */
export function writeVarint(out: Uint8Array, offset: number, value: number): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`a varint holds a safe integer, got ${value}`)
  // value = sign ? -(m + 1) : m, and the zigzag number is 2m + sign.
  const sign = value < 0 ? 1 : 0
  const m = sign ? -value - 1 : value
  let rest = Math.floor(m / 64)
  out[offset++] = ((m % 64) * 2 + sign) | (rest > 0 ? 0x80 : 0)
  while (rest > 0) {
    const byte = rest % 0x80
    rest = Math.floor(rest / 0x80)
    out[offset++] = byte | (rest > 0 ? 0x80 : 0)
  }
  return offset
}

/** A cursor over varints in `bytes`; `next()` returns each value in turn. */
export class VarintReader {
  offset: number
  constructor(
    private readonly bytes: Uint8Array,
    offset = 0,
  ) {
    this.offset = offset
  }

  next(): number {
    const bytes = this.bytes
    let byte = bytes[this.offset++] ?? 0
    const sign = byte & 1
    let m = (byte & 0x7f) >>> 1
    let scale = 64
    while (byte & 0x80) {
      byte = bytes[this.offset++] ?? 0
      m += (byte & 0x7f) * scale
      scale *= 0x80
    }
    return sign ? -m - 1 : m
  }
}
