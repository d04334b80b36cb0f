/**
 * A virtualised table: only the rows in view (plus a margin) exist in the DOM, and rows are fetched
 * from the server in pages of 200 (a PageCache) once scrolling rests on them, so 10k runs scroll
 * smoothly and a fast scroll fetches only where it stops.
 */
import { h } from '../dom.js'
import { PageCache } from './page-cache.js'

const ROW_HEIGHT = 30
const PAGE = 200
const OVERSCAN = 10
/** How long the view must rest on rows not held before their pages are fetched. */
const SETTLE_MS = 60

/** What the table asks of its owner. */
export interface TableSource<R> {
  /** Fetches rows [offset, offset+limit) and the total. */
  fetch(offset: number, limit: number): Promise<{ total: number; items: R[] }>
  /** Makes the element of one row (an absolutely positioned div). */
  renderRow(row: R, index: number): HTMLElement
}

/** A virtualised table body inside a scrolling box. */
export class VirtualTable<R> {
  readonly el: HTMLElement
  private readonly spacer = h('div', { class: 'vt-spacer' })
  private readonly cache: PageCache<R>
  private frame = 0
  private settle = 0

  /**
   * Makes the table; `header` stays on top while rows scroll.
   * @example const table = new VirtualTable(header, source); root.append(table.el); await table.start()
   */
  constructor(
    header: HTMLElement,
    private readonly source: TableSource<R>,
  ) {
    this.cache = new PageCache(
      PAGE,
      (offset, limit) => source.fetch(offset, limit),
      () => this.schedule(),
    )
    this.el = h('div', { class: 'vt', role: 'table', tabindex: 0 }, header, this.spacer)
    this.el.addEventListener('scroll', () => this.schedule())
  }

  /** The number of rows the server reported. */
  get rowCount(): number {
    return this.cache.total
  }

  /** Loads the first page and renders; rejects with the server's error (a bad query). */
  async start(): Promise<void> {
    await this.cache.request(0, 1)
    this.render()
  }

  /** Fetches the rows in view again (live: rows changed or a run appeared), keeping the scroll and the rows shown meanwhile. */
  async refresh(): Promise<void> {
    const [first, last] = this.range()
    await this.cache.refresh(first, Math.max(first + 1, last))
    this.render()
  }

  /** One render per frame, however many pages or scroll events ask for it. */
  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => ((this.frame = 0), this.render()))
  }

  private range(): [number, number] {
    const top = this.el.scrollTop
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN)
    const last = Math.min(this.cache.total, Math.ceil((top + this.el.clientHeight) / ROW_HEIGHT) + OVERSCAN)
    return [first, last]
  }

  private render(): void {
    this.spacer.style.height = `${this.cache.total * ROW_HEIGHT}px`
    const [first, last] = this.range()
    const rows: HTMLElement[] = []
    let missing = false
    for (let i = first; i < last; i++) {
      const row = this.cache.row(i)
      if (row === undefined) {
        missing ||= !this.cache.has(i)
        continue
      }
      const el = this.source.renderRow(row, i)
      el.style.top = `${i * ROW_HEIGHT}px`
      rows.push(el)
    }
    this.spacer.replaceChildren(...rows)
    this.el.dataset.rows = String(this.cache.total)
    this.el.dataset.first = String(first)
    if (missing && !this.settle) {
      // Fetch where the view rests, not every page a fast scroll passes over.
      this.settle = window.setTimeout(() => {
        this.settle = 0
        const [from, to] = this.range()
        // a failed page is asked again by the next scroll, not in a loop
        this.cache.request(from, to).catch(() => undefined)
      }, SETTLE_MS)
    }
  }
}
