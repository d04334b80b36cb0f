/**
 * The virtual table's page cache, in Node: a page is fetched once and announced once however many
 * renders ask for it while it is in flight (the 10k-run table once re-rendered for every row that asked,
 * which compounded into seconds-long frames and a table stuck short of its last rows), and a refresh
 * keeps rows readable and is never overwritten by a reply that started before it.
 */
import { describe, expect, it } from 'vitest'
import { PageCache } from '../../../src/viewer/table/page-cache.js'

/** A fetch whose replies the test releases by hand, with the calls it got. */
function manualFetch(total: number) {
  const calls: { offset: number; release: (tag?: string) => void }[] = []
  const fetch = (offset: number, limit: number) =>
    new Promise<{ total: number; items: string[] }>((resolve) =>
      calls.push({
        offset,
        release: (tag = '') =>
          resolve({
            total,
            items: Array.from(
              { length: Math.min(limit, total - offset) },
              (_, i) => `${tag}row ${offset + i}`,
            ),
          }),
      }),
    )
  return { calls, fetch }
}

describe('PageCache', () => {
  it('fetches a page once and announces it once, however many requests wait on it', async () => {
    const { calls, fetch } = manualFetch(10_000)
    let loaded = 0
    const cache = new PageCache(200, fetch, () => loaded++)
    // rows 4981..5020 straddle pages 24 and 25; ask as forty renders would
    const waits = Array.from({ length: 40 }, () => cache.request(4981, 5021))
    expect(calls.map((c) => c.offset)).toEqual([4800, 5000])
    calls[0]?.release()
    calls[1]?.release()
    await Promise.all(waits)
    expect(loaded).toBe(2)
    expect(cache.total).toBe(10_000)
    expect(cache.row(4981)).toBe('row 4981')
    expect(cache.row(5020)).toBe('row 5020')
    expect(cache.has(5200)).toBe(false)
    await cache.request(4990, 5010)
    expect(calls).toHaveLength(2) // held pages are not fetched again
  })

  it('reaches the last page of 10k rows', async () => {
    const { calls, fetch } = manualFetch(10_000)
    const cache = new PageCache(200, fetch, () => {})
    const wait = cache.request(9972, 10_000)
    expect(calls.map((c) => c.offset)).toEqual([9800])
    calls[0]?.release()
    await wait
    expect(cache.row(9999)).toBe('row 9999')
  })

  it('keeps rows during a refresh and ignores a reply that started before it', async () => {
    const { calls, fetch } = manualFetch(1000)
    const cache = new PageCache(200, fetch, () => {})
    const first = cache.request(0, 40)
    calls[0]?.release('old ')
    await first
    const stale = cache.request(200, 240) // in flight when the refresh starts
    const refresh = cache.refresh(0, 40)
    expect(cache.row(5)).toBe('old row 5') // still readable while the refresh runs
    calls[2]?.release('new ')
    await refresh
    calls[1]?.release('stale ')
    await stale
    expect(cache.row(5)).toBe('new row 5')
    expect(cache.has(200)).toBe(false) // the stale reply was dropped, the next request fetches again
    const again = cache.request(200, 240)
    expect(calls.map((c) => c.offset)).toEqual([0, 200, 0, 200])
    calls[3]?.release('new ')
    await again
    expect(cache.row(200)).toBe('new row 200')
  })

  it('lets a failed page be asked again', async () => {
    let fail = true
    const cache = new PageCache(
      200,
      async (offset) => {
        if (fail) throw new Error('busy')
        return { total: 300, items: [`row ${offset}`] }
      },
      () => {},
    )
    await expect(cache.request(0, 10)).rejects.toThrow('busy')
    fail = false
    await cache.request(0, 10)
    expect(cache.row(0)).toBe('row 0')
  })
})
