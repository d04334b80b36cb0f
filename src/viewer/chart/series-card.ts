/**
 * A chart card: a titled box whose chart is created only when it scrolls into view, and that can take
 * live points afterwards.
 */
import { h } from '../dom.js'
import { SeriesChart, type LoadLines } from './chart.js'
import { mountWhenVisible } from './lazy.js'
import { queueLoad } from './load-queue.js'
import type { ChartSettings } from './settings.js'

/** A card and its chart once mounted. */
export interface SeriesCard {
  el: HTMLElement
  path: string
  chart(): SeriesChart | null
  stop(): void
}

/**
 * Makes a lazily mounted chart card for a series path.
 * @example grid.append(seriesCard('train/loss', settings, load).el)
 */
export function seriesCard(path: string, settings: ChartSettings, load: LoadLines): SeriesCard {
  const el = h('section', { class: 'card chart', 'data-path': path }, h('h3', {}, path))
  let chart: SeriesChart | null = null
  let stopped = false
  const stop = mountWhenVisible(el, () => {
    chart = new SeriesChart(el, settings, load)
    const mounted = chart
    // a card left behind (the view changed) while queued does not fetch
    queueLoad(() => (stopped ? Promise.resolve() : mounted.load())).catch((e: unknown) => {
      el.dataset.state = 'error'
      el.append(h('p', { class: 'query-error' }, String((e as Error).message)))
    })
  })
  return { el, path, chart: () => chart, stop: () => ((stopped = true), stop(), chart?.destroy()) }
}
