/**
 * The bucket of each level-of-detail block in a read, found by moving over the grid's edges as the blocks
 * come in step order, instead of {@link BucketGrid.index} (a division and two corrections) per block.
 *
 * @example
 * const cursor = new EdgeCursor(new BucketGrid(0, 1000, 10))
 * cursor.at(5)      // 0
 * cursor.at(250)    // 2
 * cursor.straddles(lod, 0, 0, 1000)   // block 0 of a chunk's lod: does it hold points of two buckets?
 */
import type { BucketGrid } from './buckets.js'
import { STEP_FIRST, STEP_LAST } from './lod.js'

/**
 * The buckets of ascending steps, found by moving over the grid's edges instead of dividing: `at(s)` is
 * `grid.index(s)` as long as every s asked is at least the one before (blocks in step order).
 */
export class EdgeCursor {
  private i = 0
  private end: number

  constructor(private readonly grid: BucketGrid) {
    this.end = grid.width > 0 ? this.edgeAfter() : Infinity
  }

  private edgeAfter(): number {
    return this.i < this.grid.n - 1 ? this.grid.edge(this.i + 1) : Infinity
  }

  at(s: number): number {
    while (s >= this.end) {
      this.i++
      this.end = this.edgeAfter()
    }
    return this.i
  }

  /**
   * Whether the block at float64 offset `o` of `lod` (with points in [lo, hi]) folds point by point: it
   * reaches past a range end or holds points of two buckets. Moves the cursor to its first step.
   */
  straddles(lod: Float64Array, o: number, lo: number, hi: number): boolean {
    const first = lod[o + STEP_FIRST]!
    const last = lod[o + STEP_LAST]!
    this.at(first)
    return first < lo || last > hi || last >= this.end
  }
}
