/**
 * The check every `extend()` makes first: `steps` and `timestamps`, when given, have one entry per value.
 *
 * @example
 * checkExtendLengths('metrics/acc', 3, { steps: [1, 2] })   // throws LENGTH_MISMATCH
 */
import { InvalidValueError } from '../errors.js'

/** Throws LENGTH_MISMATCH unless `options.steps` and `options.timestamps` (when given) have `count` entries. */
export function checkExtendLengths(
  path: string,
  count: number,
  options: { steps?: readonly unknown[]; timestamps?: readonly unknown[] },
): void {
  for (const [name, list] of [
    ['steps', options.steps],
    ['timestamps', options.timestamps],
  ] as const) {
    if (list !== undefined && list.length !== count) {
      throw new InvalidValueError(
        'LENGTH_MISMATCH',
        `extend('${path}'): ${count} values but ${list.length} ${name}`,
        {
          hint: `Pass one ${name.slice(0, -1)} per value, or leave ${name} out.`,
        },
      )
    }
  }
}
