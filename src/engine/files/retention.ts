/**
 * Checkpoint keep policies (Datature's checkpoint strategies), as pure functions over a name's entries:
 * 'lowest' / 'highest' keep only the file of the best value of `metric` (a checkpoint that does not
 * improve on it is not stored at all), 'latest' keeps only the newest file, 'every' keeps them all. NaN
 * never improves on anything; ties keep the earlier checkpoint.
 *
 * @example
 * improves(entries, 'lowest', 'val/loss', 0.31)   // true if 0.31 beats every kept checkpoint
 * toRelease(entries, 'latest', undefined)        // steps of every kept checkpoint but the newest
 */
import type { FileSeriesEntry, KeepPolicy } from './entries.js'

/** The value of `metric` in `entry`, if it is a number. */
export function metricOf(entry: FileSeriesEntry, metric: string | undefined): number | undefined {
  const value = metric === undefined ? undefined : entry.metrics?.[metric]
  return typeof value === 'number' ? value : undefined
}

function beats(value: number, best: number, keep: 'lowest' | 'highest'): boolean {
  return keep === 'lowest' ? value < best : value > best
}

/** The kept entry with the best `metric` under `keep`, earliest on ties (undefined if none has a value). */
export function bestEntry(
  entries: readonly FileSeriesEntry[],
  keep: 'lowest' | 'highest',
  metric: string,
): FileSeriesEntry | undefined {
  let best: FileSeriesEntry | undefined
  let bestValue = NaN
  for (const entry of entries) {
    const value = metricOf(entry, metric)
    if (!entry.kept || value === undefined || Number.isNaN(value)) continue
    if (best === undefined || beats(value, bestValue, keep)) [best, bestValue] = [entry, value]
  }
  return best
}

/** True if a new checkpoint with `value` would be kept under `keep`, given the existing `entries`. */
export function improves(
  entries: readonly FileSeriesEntry[],
  keep: KeepPolicy,
  metric: string | undefined,
  value: number | undefined,
): boolean {
  if (keep === 'every' || keep === 'latest') return true
  if (value === undefined || Number.isNaN(value) || metric === undefined) return false
  const best = bestEntry(entries, keep, metric)
  const bestValue = best && metricOf(best, metric)
  return bestValue === undefined || beats(value, bestValue, keep)
}

/** Steps of the kept entries whose files `keep` no longer retains (entries in step order). */
export function toRelease(
  entries: readonly FileSeriesEntry[],
  keep: KeepPolicy,
  metric: string | undefined,
): number[] {
  const kept = entries.filter((e) => e.kept)
  if (keep === 'every' || kept.length === 0) return []
  if (keep === 'latest') return kept.slice(0, -1).map((e) => e.step)
  const best = metric === undefined ? undefined : bestEntry(kept, keep, metric)
  return kept.filter((e) => e !== best).map((e) => e.step)
}
