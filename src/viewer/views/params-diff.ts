/**
 * Which keys a parameters diff table shows: by default only those whose values differ between the
 * compared runs (a key missing from a run counts as a value of its own).
 */

/**
 * The keys of a parameters diff: every key, or only those whose values differ between runs; sorted.
 * @example diffKeys([new Map([['lr', '0.1'], ['seed', '7']]), new Map([['lr', '0.5'], ['seed', '7']])], false) // ['lr']
 */
export function diffKeys(values: Map<string, string>[], all: boolean): string[] {
  const keys = [...new Set(values.flatMap((m) => [...m.keys()]))].sort()
  return all
    ? keys
    : keys.filter((k) => new Set(values.map((m) => (m.has(k) ? 'v' + m.get(k) : 'missing'))).size > 1)
}
