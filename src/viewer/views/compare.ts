/**
 * Compare (`#/p/<project>/compare?runs=A,B&all=1` + chart settings): the same series of the selected
 * runs on one chart each (legend with run names, values under the cursor), and a parameters diff
 * table showing only keys whose values differ unless "show all" is on. Charts take the compared runs'
 * new points live, as the run page does.
 */
import { getJson, projectPath } from '../api.js'
import { chartControls } from '../chart/controls.js'
import { refreshCharts } from '../chart/live-refresh.js'
import { seriesCard, type SeriesCard } from '../chart/series-card.js'
import { seriesData, type SeriesBody } from '../chart/series-data.js'
import { chartSettings } from '../chart/settings.js'
import { h } from '../dom.js'
import { onLiveChange } from '../live.js'
import { cellText } from '../format.js'
import type { Route } from '../route.js'
import { routeHash, setParams } from '../route.js'
import type { FieldItem } from '../run/field-tree.js'
import { comparedFields } from './compared-fields.js'
import { diffKeys } from './params-diff.js'

const ATOMS = new Set(['Float', 'Integer', 'Boolean', 'String', 'Datetime', 'StringSet'])

/**
 * Renders the compare view.
 * @example await compareView(root, 'demo', parseRoute(location.hash))
 */
export async function compareView(
  root: HTMLElement,
  project: string,
  route: Route,
): Promise<(() => void) | void> {
  const runs = (route.params.get('runs') ?? '').split(',').filter(Boolean).slice(0, 100)
  const showAll = route.params.get('all') === '1'
  const settings = chartSettings(route.params)
  root.append(h('h1', {}, 'Compare ', h('span', { class: 'sub' }, `${runs.length} runs of ${project}`)))
  if (!runs.length)
    return void root.append(
      h(
        'p',
        { class: 'empty' },
        'Select runs in the ',
        h('a', { href: routeHash(['p', project]) }, 'runs table'),
        ' first.',
      ),
    )
  const fields = await comparedFields(project, runs)
  const name = (i: number): string =>
    cellText(fields[i]?.find((f) => f.path === 'sys/name')?.value) || (runs[i] as string)
  const values = fields.map(
    (list) =>
      new Map(
        list
          .filter(
            (f: FieldItem) => ATOMS.has(f.type) && (!f.path.startsWith('sys/') || f.path === 'sys/tags'),
          )
          .map((f) => [f.path, cellText(f.value, f.type)]),
      ),
  )
  const keys = diffKeys(values, showAll)
  const diff = h(
    'table',
    { class: 'grid diff' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'field'),
        ...runs.map((r, i) => h('th', {}, h('a', { href: routeHash(['p', project, 'run', r]) }, name(i)))),
      ),
    ),
    h(
      'tbody',
      {},
      ...keys.map((k) => h('tr', {}, h('th', {}, k), ...values.map((m) => h('td', {}, m.get(k) ?? '—')))),
    ),
  )
  const toggle = h(
    'label',
    {},
    h('input', {
      type: 'checkbox',
      checked: showAll,
      onchange: (e: Event) => setParams({ all: (e.target as HTMLInputElement).checked ? '1' : undefined }),
    }),
    ' show all keys',
  )
  const paths = [
    ...new Set(fields.flatMap((list) => list.filter((f) => f.type === 'FloatSeries').map((f) => f.path))),
  ].sort()
  const grid = h('div', { class: 'chart-grid' })
  const cards: SeriesCard[] = []
  for (const path of paths) {
    const card = seriesCard(path, settings, async (range, buckets) => {
      const reply = await getJson<{
        items: (SeriesBody & { run: string; name?: string; error?: unknown })[]
      }>(projectPath(project, 'compare'), {
        runs: runs.join(','),
        path,
        from: range?.from,
        to: range?.to,
        buckets,
      })
      return reply.items
        .filter((item) => !item.error)
        .map((item) => ({ label: item.name || item.run, data: seriesData(item), run: item.run }))
    })
    cards.push(card)
    grid.append(card.el)
  }
  root.append(
    h(
      'section',
      { class: 'block' },
      h('h2', {}, 'Parameters'),
      toggle,
      keys.length ? diff : h('p', { class: 'hint' }, 'The selected runs have the same parameters.'),
    ),
    h('section', { class: 'block' }, h('h2', {}, `Series (${paths.length})`), chartControls(settings), grid),
  )
  const compared = new Set(runs)
  const stop = onLiveChange(project, (change) => {
    const mine = change.runs.filter((r) => compared.has(r.id))
    if (mine.length) void refreshCharts(project, cards, { runs: mine, newRuns: [] }).catch(() => undefined)
  })
  return () => (stop(), cards.forEach((c) => c.stop()))
}
