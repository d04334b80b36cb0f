/**
 * What an oplog run writes through (its project's inbox file and flush policy), and what a field handle
 * of an oplog run needs from its run — kept apart so the run and its fields do not import each other.
 *
 * @example
 * const sink: OplogSink = { push: (op) => file.push(op), buffered: () => {}, flush: () => file.flush(), … }
 */
import type { FieldType } from '../fields/types.js'
import type { WarningHandler } from '../warnings.js'
import type { OplogOp } from './format.js'
import type { PointValue } from './series-batch.js'

/** What an oplog run writes through (its project's inbox file and flush policy). */
export interface OplogSink {
  push(op: OplogOp): void
  /** Called after points were buffered (a flush may follow when the buffer is full). */
  buffered(count: number): void
  flush(): void
  onWarning: WarningHandler
  strict: boolean
  /** Stores a file in objects/ and returns its sha256. */
  putObject(input: string | Uint8Array): Promise<string>
  onClose(run: unknown): void
}

/** The run side of an oplog field handle. */
export interface OplogFieldHost {
  readonly uuid: string
  assign(path: string, value: unknown): void
  claim(path: string, type: FieldType): void
  appendPoint(path: string, value: PointValue, step: number | undefined, time: number): number
  push(op: OplogOp): void
}
