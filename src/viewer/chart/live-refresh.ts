/**
 * Live points for mounted charts: for each line whose run changed (in a field the chart shows), fetch
 * only the points after the last step it holds and append them; a chart that holds many raw points by
 * then asks for buckets again. Shared by the run page and compare.
 */
import { getJson, projectPath } from '../api.js'
import type { LiveChange } from '../live.js'
import type { SeriesCard } from './series-card.js'
import { appendPoints, lastStep, type SeriesBody } from './series-data.js'

/** Above this many points held, a chart refetches buckets instead of drawing raw points. */
const RAW_LIMIT = 8000

/**
 * Appends the new points of `change` to the charts of `cards` that show every step (not zoomed).
 * @example onLiveChange('demo', (change) => void refreshCharts('demo', cards, change))
 */
export async function refreshCharts(project: string, cards: SeriesCard[], change: LiveChange): Promise<void> {
  const changed = new Map(change.runs.map((r) => [r.id, r.fields]))
  for (const card of cards) {
    const chart = card.chart()
    if (!chart || !chart.showsAll) continue
    let added = 0
    for (const line of chart.current) {
      if (!line.run || !changed.has(line.run)) continue
      const fields = changed.get(line.run)
      if (fields && !fields.includes(card.path)) continue
      const url = projectPath(project, 'runs', line.run, 'series')
      for (let more = true; more;) {
        const body = await getJson<SeriesBody & { more?: boolean }>(url, {
          path: card.path,
          after: lastStep(line.data) ?? -1,
        })
        added += body.points ? appendPoints(line.data, body.points) : 0
        more = body.more === true && (body.points?.steps.length ?? 0) > 0
      }
    }
    if (added === 0) continue
    if (chart.current.some((l) => l.data.step.length > RAW_LIMIT)) await chart.load()
    else chart.redraw()
  }
}
