/**
 * Where the rows of one run go: Parquet parts or CSV parts. Both roll to a new part once the current one
 * passes `partBytes` on disk, as the neptune-exporter does at 50 MiB.
 *
 * @example
 * const sink: RowSink = parquetSink(dir, stem, { partBytes: 50 * 2 ** 20 })
 * sink.write(batch); const parts = sink.close()
 */
import type { RowBatch } from './row-batch.js'

/** A run's output. */
export interface RowSink {
  /** Writes the rows of `batch` (which the caller clears afterwards). */
  write(batch: RowBatch): void
  /** Finishes every part and gives them their final names; returns the paths. */
  close(): string[]
  /** Bytes written so far. */
  readonly bytes: number
}

/** Options shared by the sinks. */
export interface SinkOptions {
  /** Start a new part once the current one has this many bytes (default 50 MiB). */
  partBytes: number
}

/** Makes the sink of one run: `stem` is the run's sanitized id. */
export type SinkFactory = (dir: string, stem: string, options: SinkOptions) => RowSink
