/**
 * What the series benchmark asks of a storage layout (Nereid, or a peer's layout replicated on
 * better-sqlite3): start a run and log steps into it, say which files hold its bytes, and read one series
 * back as parallel columns.
 *
 * @example
 * const sink = layout.write(dir, 'train'); sink.log({ 'train/loss': 0.3 }, 0); sink.close()
 * const reader = layout.openReader(dir); reader.read('train', 'train/loss').values; reader.close()
 */

/** One series as parallel columns, the shape Nereid's fetchValues() returns. */
export interface Columns {
  steps: Float64Array
  values: Float64Array
  timestamps: Float64Array
}

/** A run open for logging. `close()` writes what is buffered and closes the store. */
export interface Sink {
  log(values: Record<string, number>, step: number): void
  close(): void
}

/** A store open for reading. */
export interface Reader {
  /** Every point of series `key` of run `run`, in step order. */
  read(run: string, key: string): Columns
  close(): void
}

/** A storage layout under test. */
export interface Layout {
  readonly name: string
  /** One line saying what the layout replicates (printed under the table). */
  readonly about: string
  /** Opens (creating when missing) the store in `dir` and starts run `run` in it. */
  write(dir: string, run: string): Sink
  /** The files of the store in `dir` whose sizes count as its bytes on disk. */
  files(dir: string): string[]
  /** Ways of reading the layout, the first the default; the benchmark times each and keeps the fastest. */
  readonly readers?: readonly string[]
  /** Opens the store in `dir` for reading series the way `reader` (one of `readers`) says. */
  openReader(dir: string, reader?: string): Reader
}

/** Columns of `length` points, zero-filled. */
export function allocColumns(length: number): Columns {
  return {
    steps: new Float64Array(length),
    values: new Float64Array(length),
    timestamps: new Float64Array(length),
  }
}
