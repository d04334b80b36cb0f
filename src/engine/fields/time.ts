/**
 * Timestamps as the engine stores them: milliseconds since the epoch, from a Date or a number.
 *
 * @example
 * toMs(new Date('2026-01-01T00:00:00Z'), 'metrics/acc')   // 1767225600000
 * toMs(undefined, 'metrics/acc')                          // Date.now()
 */
import { InvalidValueError } from '../errors.js'

/** Milliseconds since the epoch of a Date or number. */
export function toMs(time: Date | number | undefined, path: string): number {
  if (time === undefined) return Date.now()
  const ms = time instanceof Date ? time.getTime() : time
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new InvalidValueError(
      'INVALID_TIMESTAMP',
      `timestamp ${String(time)} of '${path}' is not a valid time`,
      {
        hint: 'Pass a Date or a number of milliseconds since the epoch, or leave the timestamp out.',
      },
    )
  }
  return ms
}
