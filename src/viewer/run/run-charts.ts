/**
 * The charts of a run: every float series, grouped by namespace (the first path segment), each card
 * mounted lazily; live changes fetch only the points after the last step a chart holds.
 */
import { getJson, projectPath } from '../api.js'
import { h } from '../dom.js'
import { seriesCard, type SeriesCard } from '../chart/series-card.js'
import { refreshCharts } from '../chart/live-refresh.js'
import { seriesData, type SeriesBody } from '../chart/series-data.js'
import type { ChartSettings } from '../chart/settings.js'

/** The charts section and its live refresh. */
export interface RunCharts {
  el: HTMLElement
  /** Fetches new points of the given fields (all charts when undefined). */
  refresh(fields: string[] | undefined): Promise<void>
  stop(): void
}

/**
 * Builds the charts section of a run.
 * @example const charts = runCharts('demo', 'DEMO-1', ['train/loss', 'val/loss'], settings)
 */
export function runCharts(project: string, run: string, paths: string[], settings: ChartSettings): RunCharts {
  const url = projectPath(project, 'runs', run, 'series')
  const groups = new Map<string, string[]>()
  for (const path of paths) {
    const ns = path.includes('/') ? path.slice(0, path.indexOf('/')) : '(root)'
    groups.set(ns, [...(groups.get(ns) ?? []), path])
  }
  const cards: SeriesCard[] = []
  const el = h('div', { class: 'chart-groups' })
  for (const [ns, members] of groups) {
    const grid = h('div', { class: 'chart-grid' })
    for (const path of members) {
      const card = seriesCard(path, settings, async (range, buckets) => {
        const body = await getJson<SeriesBody>(url, { path, from: range?.from, to: range?.to, buckets })
        return [{ label: path, data: seriesData(body), run }]
      })
      cards.push(card)
      grid.append(card.el)
    }
    el.append(
      h('details', { open: true, class: 'group' }, h('summary', {}, `${ns} (${members.length})`), grid),
    )
  }
  return {
    el,
    refresh: (fields) => refreshCharts(project, cards, { runs: [{ id: run, fields }], newRuns: [] }),
    stop: () => cards.forEach((c) => c.stop()),
  }
}
