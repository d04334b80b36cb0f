/**
 * A small concurrency limit for per-file work (hashing or copying the files of a set): a few copies in
 * flight keep the disk and the thread pool busy without opening thousands of files at once.
 *
 * @example
 * const hashes = await mapLimit(paths, 4, (p) => store.putFile(p))
 */

/**
 * Maps `items` through `fn` with at most `limit` calls in flight; results keep the order of `items`.
 * On a failure no new call starts, the calls in flight finish, and the first error is thrown.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++
      try {
        results[index] = await fn(items[index]!, index)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (failure) throw failure.error
  return results
}
