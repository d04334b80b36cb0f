/**
 * Splits a TFRecord file (`u64 length | u32 masked crc32c(length) | data | u32 masked crc32c(data)`) into
 * records. A record whose data CRC is wrong is skipped and reported; a length whose CRC is wrong, or a
 * record cut short at the end (a writer still running, or a damaged copy), ends the file, reported.
 *
 * @example
 * for (const record of readRecords(bytes, 'events.out.tfevents.1', report)) decodeEvent(record)
 */
import { skip, type ImportReport } from '../report.js'
import { maskedCrc32c } from './crc32c.js'

/** The records of `bytes` (a whole file named `file`), in order. */
export function readRecords(bytes: Uint8Array, file: string, report: ImportReport): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const records: Uint8Array[] = []
  let offset = 0
  let n = 0
  while (offset < bytes.length) {
    n++
    if (offset + 12 > bytes.length) {
      skip(report, { file, row: n, reason: `record ${n} is cut short at byte ${offset} (header incomplete)` })
      break
    }
    const lengthBytes = bytes.subarray(offset, offset + 8)
    if (view.getUint32(offset + 8, true) !== maskedCrc32c(lengthBytes)) {
      skip(report, {
        file,
        row: n,
        reason: `record ${n} at byte ${offset}: bad length CRC; the rest of the file is unreadable`,
      })
      break
    }
    const length = Number(view.getBigUint64(offset, true))
    const start = offset + 12
    if (start + length + 4 > bytes.length) {
      skip(report, {
        file,
        row: n,
        reason: `record ${n} is cut short at byte ${offset} (${length} data bytes announced)`,
      })
      break
    }
    const data = bytes.subarray(start, start + length)
    if (view.getUint32(start + length, true) !== maskedCrc32c(data))
      skip(report, { file, row: n, reason: `record ${n} at byte ${offset}: bad data CRC, record skipped` })
    else records.push(data)
    offset = start + length + 4
  }
  return records
}
