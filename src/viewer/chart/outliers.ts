/**
 * The "ignore outliers" y range: the 5th to 95th percentile of the finite values, padded by a tenth.
 * Only the axis is rescaled; every point is still drawn (out of range points are clipped by the axis).
 */

/**
 * The y range that ignores outliers, or null when fewer than 20 finite values leave nothing to ignore.
 * @example robustRange([0, 1, 2, ..., 1e9]) // ≈ [-9.5, 104.5]
 */
export function robustRange(values: Iterable<number | null | undefined>): [number, number] | null {
  const finite: number[] = []
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) finite.push(v)
  if (finite.length < 20) return null
  finite.sort((a, b) => a - b)
  const lo = finite[Math.floor(0.05 * (finite.length - 1))] as number
  const hi = finite[Math.ceil(0.95 * (finite.length - 1))] as number
  const pad = (hi - lo) * 0.1 || Math.abs(hi) * 0.1 || 1
  return [lo - pad, hi + pad]
}
