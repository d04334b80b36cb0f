/**
 * The pages of rows a virtual table holds: each page of `size` rows is fetched once, however many
 * rows (or renders) ask for it while it is in flight, and its arrival is announced once; a refresh
 * fetches the pages in view again and swaps them in whole, so rows never vanish while it runs and a
 * reply that started before the refresh never overwrites a newer one. Plain data, no DOM.
 */

/** Fetches rows [offset, offset+limit) and the total. */
export type FetchRows<R> = (offset: number, limit: number) => Promise<{ total: number; items: R[] }>

/** Pages of rows fetched on demand. */
export class PageCache<R> {
  private readonly pages = new Map<number, R[]>()
  private readonly pending = new Map<number, Promise<void>>()
  private generation = 0
  private count = 0

  /**
   * Makes a cache of pages of `size` rows; `loaded` is called once each time a page (or a refresh) arrives.
   * @example const cache = new PageCache(200, fetchRows, () => table.scheduleRender())
   */
  constructor(
    readonly size: number,
    private readonly fetch: FetchRows<R>,
    private readonly loaded: () => void,
  ) {}

  /** The number of rows the server last reported. */
  get total(): number {
    return this.count
  }

  /** The row at `index` if its page is held; otherwise undefined (see request). */
  row(index: number): R | undefined {
    return this.pages.get(Math.floor(index / this.size))?.[index % this.size]
  }

  /** True when the page holding row `index` is held. */
  has(index: number): boolean {
    return this.pages.has(Math.floor(index / this.size))
  }

  /**
   * Fetches the pages of rows [first, last) not held nor in flight; resolves when they are held, rejects
   * with the fetch's error.
   * @example await cache.request(0, 40)
   */
  request(first: number, last: number): Promise<void> {
    const waits: Promise<void>[] = []
    for (const page of this.pagesOf(first, last)) {
      if (this.pages.has(page)) continue
      let wait = this.pending.get(page)
      if (!wait) {
        const generation = this.generation
        wait = this.fetch(page * this.size, this.size).then(
          (reply) => {
            if (generation !== this.generation) return // a refresh started since: its reply wins
            this.pending.delete(page)
            this.count = reply.total
            this.pages.set(page, reply.items)
            this.loaded()
          },
          (e: unknown) => {
            if (generation === this.generation) this.pending.delete(page)
            throw e
          },
        )
        this.pending.set(page, wait)
      }
      waits.push(wait)
    }
    return Promise.all(waits).then(() => undefined)
  }

  /**
   * Fetches the pages of rows [first, last) again and then holds only those (rows changed, runs
   * appeared); the rows held so far stay readable until the new ones arrive.
   * @example await cache.refresh(400, 440)
   */
  async refresh(first: number, last: number): Promise<void> {
    const generation = ++this.generation
    this.pending.clear()
    const pages = this.pagesOf(first, last)
    const replies = await Promise.all(pages.map((p) => this.fetch(p * this.size, this.size)))
    if (generation !== this.generation) return
    this.pages.clear()
    pages.forEach((p, i) => this.pages.set(p, (replies[i] as { items: R[] }).items))
    const last_ = replies[replies.length - 1]
    if (last_) this.count = last_.total
    this.loaded()
  }

  private pagesOf(first: number, last: number): number[] {
    const out: number[] = []
    const end = Math.max(first + 1, last)
    for (let p = Math.floor(first / this.size); p <= Math.floor((end - 1) / this.size); p++) out.push(p)
    return out
  }
}
