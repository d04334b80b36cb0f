/**
 * Zigzag varints: small signed integers in one or two bytes. Used for step and timestamp deltas.
 *
 * @example
 * const out = Buffer.alloc(10); const end = writeVarint(out, 0, -3)   // end === 1
 * readVarint(out, 0)                                                   // { value: -3, next: 1 }
 */

/** Writes `value` (a safe integer) at `offset`; returns the offset after it. */
export function writeVarint(out: Uint8Array, offset: number, value: number): number {
  let z = value >= 0 ? value * 2 : -value * 2 - 1
  while (z >= 0x80) {
    out[offset++] = (z % 0x80) | 0x80
    z = Math.floor(z / 0x80)
  }
  out[offset++] = z
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
    let z = byte & 0x7f
    let scale = 0x80
    while (byte & 0x80) {
      byte = bytes[this.offset++] ?? 0
      z += (byte & 0x7f) * scale
      scale *= 0x80
    }
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2
  }
}
