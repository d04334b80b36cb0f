/**
 * Parquet parts of one run, written with hyparquet-writer: each `write()` is one row group (Snappy
 * compressed), appended to the open part through a buffered file writer, so a run of 10 M points never
 * sits in memory; a part that passes `partBytes` is finished and the next one started.
 *
 * @example
 * const sink = parquetSink('/out/data/ws_demo-…', 'DEMO_1-…', { partBytes: 50 * 2 ** 20 })
 * sink.write(batch)
 * sink.close()   // ['/out/data/ws_demo-…/DEMO_1-…_part_0.parquet']
 */
import { statSync } from 'node:fs'
import { fileWriter, ParquetWriter } from 'hyparquet-writer'
import type { ColumnSource } from 'hyparquet-writer'
import { COLUMN_ENCODINGS, EXPORT_SCHEMA } from './exporter-schema.js'
import { PartFiles } from './part-files.js'
import type { RowBatch } from './row-batch.js'
import type { RowSink, SinkOptions } from './row-sink.js'

const CREATED_BY = 'nereid export-parquet (hyparquet-writer)'

class ParquetSink implements RowSink {
  private readonly parts: PartFiles
  private writer: ParquetWriter | undefined
  private tmp = ''
  private finished = 0

  constructor(
    dir: string,
    stem: string,
    private readonly options: SinkOptions,
  ) {
    this.parts = new PartFiles(dir, stem, 'parquet')
  }

  get bytes(): number {
    return this.finished + (this.writer?.writer.offset ?? 0)
  }

  write(batch: RowBatch): void {
    if (batch.length === 0) return
    if (!this.writer) {
      this.tmp = this.parts.next()
      this.writer = new ParquetWriter({
        writer: fileWriter(this.tmp),
        schema: EXPORT_SCHEMA,
        codec: 'SNAPPY',
        createdBy: CREATED_BY,
      })
    }
    const columnData = batch.columns().map(({ name, data }): ColumnSource => ({
      name,
      data: data as ColumnSource['data'],
      encoding: COLUMN_ENCODINGS[name],
    }))
    void this.writer.write({ columnData, rowGroupSize: batch.length })
    if (this.writer.writer.offset >= this.options.partBytes) this.endPart()
  }

  private endPart(): void {
    if (!this.writer) return
    void this.writer.finish()
    this.finished += statSync(this.tmp).size
    this.writer = undefined
  }

  close(): string[] {
    this.endPart()
    return this.parts.finish()
  }
}

/** The Parquet sink of one run. */
export function parquetSink(dir: string, stem: string, options: SinkOptions): RowSink {
  return new ParquetSink(dir, stem, options)
}
