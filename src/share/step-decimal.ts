/**
 * Steps as the export's decimal(18, 6): the step times 10^6 as an exact bigint (what the INT64 column
 * stores), and the same number as decimal text for CSV. The neptune-exporter quantizes steps the same
 * way (`Decimal(step).quantize(Decimal("1.000000"))`).
 *
 * @example
 * stepUnits(12)        // 12000000n
 * stepUnits(0.5)       // 500000n
 * stepText(12000000n)  // '12.000000'
 */
import { InvalidValueError } from '../index.js'

const SCALE = 1_000_000n
/** decimal(18, 6) holds 18 digits: steps below 10^12 in magnitude. */
const LIMIT = 10n ** 18n

/** The step `step` (a finite number) times 10^6, rounded to an integer; `path` names the series in errors. */
export function stepUnits(step: number, path: string): bigint {
  // Integers are exact as they are; other steps go through their 6-decimal text (exact decimal rounding
  // of the double, not a second rounding of step * 1e6).
  const units = Number.isInteger(step) ? BigInt(step) * SCALE : BigInt(step.toFixed(6).replace('.', ''))
  if (units >= LIMIT || units <= -LIMIT) {
    throw new InvalidValueError(
      'STEP_OUT_OF_RANGE',
      `step ${step} of '${path}' does not fit the export's decimal(18, 6) step column`,
      {
        hint: 'The export (like the neptune-exporter schema) holds steps with |step| < 1e12; export other runs, or rescale the steps.',
      },
    )
  }
  return units
}

/** The decimal text of a step in units of 10^-6: '12.000000', '-0.500000'. */
export function stepText(units: bigint): string {
  const negative = units < 0n
  const digits = (negative ? -units : units).toString().padStart(7, '0')
  return `${negative ? '-' : ''}${digits.slice(0, -6)}.${digits.slice(-6)}`
}
