/**
 * Timestamps as a series chunk stores them: whole milliseconds, clamped to ±(2^52 - 1) ms (about ±142,000
 * years) so that the difference of any two is a safe integer (the codec stores deltas as varints).
 *
 * @example
 * storedTime(1767225600000.4)   // 1767225600000
 */

/** Largest timestamp magnitude kept (ms): the difference of two such times is still a safe integer. */
const TIME_LIMIT = 2 ** 52 - 1

/** A timestamp as stored: whole ms within ±TIME_LIMIT (a time outside it is no real time anyway). */
export function storedTime(t: number): number {
  return Math.min(TIME_LIMIT, Math.max(-TIME_LIMIT, Math.round(t))) || 0
}
