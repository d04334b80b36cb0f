/**
 * A virtualised table: only the rows in view (plus a margin) exist in the DOM, and rows are fetched
 * from the server in pages of 200 as they scroll into view, so 10k runs scroll smoothly.
 */
import { h } from '../dom.js'

const ROW_HEIGHT = 30
const PAGE = 200
const OVERSCAN = 10

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
  private readonly pages = new Map<number, R[] | Promise<void>>()
  private total = 0
  private frame = 0

  /**
   * Makes the table; `header` stays on top while rows scroll.
   * @example const table = new VirtualTable(header, source); root.append(table.el); await table.start()
   */
  constructor(
    header: HTMLElement,
    private readonly source: TableSource<R>,
  ) {
    this.el = h('div', { class: 'vt', role: 'table', tabindex: 0 }, header, this.spacer)
    this.el.addEventListener('scroll', () => {
      if (!this.frame) this.frame = requestAnimationFrame(() => ((this.frame = 0), this.render()))
    })
  }

  /** The number of rows the server reported. */
  get rowCount(): number {
    return this.total
  }

  /** Loads the first page and renders; rejects with the server's error (a bad query). */
  async start(): Promise<void> {
    await this.loadPage(0)
    this.render()
  }

  /** Drops every cached page and renders again (live: rows changed or a run appeared), keeping the scroll. */
  async refresh(): Promise<void> {
    const first = Math.floor(this.el.scrollTop / ROW_HEIGHT / PAGE)
    this.pages.clear()
    await this.loadPage(first)
    this.render()
  }

  private loadPage(page: number): Promise<void> {
    const held = this.pages.get(page)
    if (Array.isArray(held)) return Promise.resolve()
    if (held) return held
    const pending = this.source.fetch(page * PAGE, PAGE).then((reply) => {
      this.total = reply.total
      this.pages.set(page, reply.items)
    })
    this.pages.set(page, pending)
    pending.catch(() => this.pages.delete(page))
    return pending
  }

  private render(): void {
    this.spacer.style.height = `${this.total * ROW_HEIGHT}px`
    const top = this.el.scrollTop
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN)
    const last = Math.min(this.total, Math.ceil((top + this.el.clientHeight) / ROW_HEIGHT) + OVERSCAN)
    const rows: HTMLElement[] = []
    for (let i = first; i < last; i++) {
      const page = this.pages.get(Math.floor(i / PAGE))
      if (!Array.isArray(page)) {
        void this.loadPage(Math.floor(i / PAGE)).then(() => this.render())
        continue
      }
      const row = page[i % PAGE]
      if (row === undefined) continue
      const el = this.source.renderRow(row, i)
      el.style.top = `${i * ROW_HEIGHT}px`
      rows.push(el)
    }
    this.spacer.replaceChildren(...rows)
    this.el.dataset.rows = String(this.total)
    this.el.dataset.first = String(first)
  }
}
