/**
 * The geometry of one histogram drawn as bars: bin i spans edges[i]..edges[i+1] on x and its value on y
 * (from 0 to the largest finite value). Bins whose value is not finite (NaN, ±Infinity) or not positive
 * get no bar; they still count in `binAt`, which finds the bin under a pointer.
 *
 * @example
 * histogramBars([0, 1, 3], [2, 4], 300, 100)
 * // [{ x: 0, w: 100, y: 50, h: 50, bin: 0 }, { x: 100, w: 200, y: 0, h: 100, bin: 1 }]
 */

/** One bar in pixels (y down from the top). */
export interface Bar {
  x: number
  w: number
  y: number
  h: number
  bin: number
}

/** The bars of a histogram in a `width` × `height` box. */
export function histogramBars(edges: number[], values: number[], width: number, height: number): Bar[] {
  const lo = edges[0]!
  const span = edges[edges.length - 1]! - lo
  const top = Math.max(0, ...values.filter(Number.isFinite))
  if (!(span > 0) || !(top > 0)) return []
  const bars: Bar[] = []
  values.forEach((v, bin) => {
    if (!Number.isFinite(v) || v <= 0) return
    const x = ((edges[bin]! - lo) / span) * width
    const w = Math.max(1, ((edges[bin + 1]! - edges[bin]!) / span) * width)
    const h = (v / top) * height
    bars.push({ x, w, y: height - h, h, bin })
  })
  return bars
}

/** The bin under pixel `x` of a `width`-wide drawing, or -1 outside the edges. */
export function binAt(edges: number[], x: number, width: number): number {
  const lo = edges[0]!
  const value = lo + (x / width) * (edges[edges.length - 1]! - lo)
  for (let i = 0; i + 1 < edges.length; i++) if (value >= edges[i]! && value <= edges[i + 1]!) return i
  return -1
}
