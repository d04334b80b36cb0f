/**
 * Keyboard zoom and pan of a chart's step range, so a chart is usable without a mouse: `+`/`=` zoom in
 * (half the range, around its middle), `-` zoom out (double it, within the series), ArrowLeft/ArrowRight
 * pan by a quarter, `0`, Escape or Home reset to every step. Plain arithmetic; the chart refetches buckets
 * for the new range, as a drag zoom does.
 */

/** A step range; undefined means every step. */
export type KeyRange = { from: number; to: number } | undefined

/** What a key does: a new range (undefined = every step), or null when the key is not a zoom key or changes nothing. */
export type KeyZoom = { range: KeyRange } | null

/**
 * The range after pressing `key` on a chart showing `range` of a series spanning `extent`.
 * @example keyZoom('+', undefined, { from: 0, to: 1000 }) // { range: { from: 250, to: 750 } }
 */
export function keyZoom(key: string, range: KeyRange, extent: { from: number; to: number }): KeyZoom {
  const cur = range ?? extent
  const width = cur.to - cur.from
  if (key === '0' || key === 'Escape' || key === 'Home') return range ? { range: undefined } : null
  if (key === '+' || key === '=') {
    if (width < 4) return null // a few steps: the buckets are single points already
    const quarter = Math.floor(width / 4)
    return { range: { from: cur.from + quarter, to: cur.to - quarter } }
  }
  if (key === '-') {
    if (!range) return null
    const half = Math.ceil(width / 2)
    return { range: fit(cur.from - half, cur.to + half, extent) }
  }
  if (key === 'ArrowLeft' || key === 'ArrowRight') {
    if (!range) return null
    const shift = Math.max(1, Math.floor(width / 4)) * (key === 'ArrowLeft' ? -1 : 1)
    const from = Math.max(extent.from, Math.min(cur.from + shift, extent.to - width))
    return from === cur.from ? null : { range: { from, to: from + width } }
  }
  return null
}

/** [from, to] clamped to the extent; the whole extent is `undefined` (every step, live points again). */
function fit(from: number, to: number, extent: { from: number; to: number }): KeyRange {
  const f = Math.max(extent.from, from)
  const t = Math.min(extent.to, to)
  return f <= extent.from && t >= extent.to ? undefined : { from: f, to: t }
}
