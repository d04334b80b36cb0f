/**
 * "Did you mean …?" for hints: the closest known name to a mistyped one, by edit distance (case-insensitive).
 *
 * @example
 * didYouMean('flushMS', ['flushMs', 'strict'])   // 'flushMs'
 * didYouMean('zzz', ['flushMs'])                 // undefined
 */

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!
      row[j] = Math.min(
        row[j]! + 1,
        row[j - 1]! + 1,
        previous + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1),
      )
      previous = current
    }
  }
  return row[b.length]!
}

/** The closest of `known` to `name`, if any is close. */
export function didYouMean(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = 3
  for (const candidate of known) {
    const d = distance(name, candidate)
    if (d < bestDistance) [best, bestDistance] = [candidate, d]
  }
  return best
}
