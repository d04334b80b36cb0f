/**
 * The run page (`#/p/<project>/run/<id>?x=&log=&smooth=&w=&outliers=`): sys values, lineage (fork
 * parent link), charts of every float series by namespace, string series, files and file-series
 * galleries, checkpoints, events, and the field tree.
 */
import { getJson, projectPath } from '../api.js'
import { chartControls } from '../chart/controls.js'
import { chartSettings } from '../chart/settings.js'
import { append, h } from '../dom.js'
import { cellText, dateText } from '../format.js'
import { onLiveChange } from '../live.js'
import type { Route } from '../route.js'
import { routeHash } from '../route.js'
import { stateBadge } from '../table/cells.js'
import { fieldTree, type FieldItem } from './field-tree.js'
import { allFields } from './fields.js'
import { fileGallery, fileLinks } from './files.js'
import { runCharts } from './run-charts.js'
import { histogramSeries } from './histogram-series.js'
import { stringSeries } from './string-series.js'

interface RunInfo {
  id: string
  sys: Record<string, unknown>
  lineage: { parent: string | null; step: number | null; depth: number } | null
  stale: boolean
}

function section(title: string, ...body: (Node | null)[]): HTMLElement {
  return h('section', { class: 'block' }, h('h2', {}, title), ...body)
}

/**
 * Renders a run page; returns the function that stops live refresh.
 * @example const stop = await runPage(root, 'demo', 'DEMO-1', parseRoute(location.hash))
 */
export async function runPage(
  root: HTMLElement,
  project: string,
  id: string,
  route: Route,
): Promise<() => void> {
  const [info, fields] = await Promise.all([
    getJson<RunInfo>(projectPath(project, 'runs', id)),
    allFields(project, id),
  ])
  const settings = chartSettings(route.params)
  const of = (type: string): FieldItem[] => fields.filter((f) => f.type === type)
  const sysRows = Object.entries(info.sys).map(([k, v]) =>
    h(
      'tr',
      {},
      h('th', {}, k.replace(/^sys\//, '')),
      h('td', {}, k.endsWith('_time') && typeof v === 'string' ? dateText(v) : cellText(v)),
    ),
  )
  const parent = info.lineage?.parent
  const charts = runCharts(
    project,
    id,
    of('FloatSeries').map((f) => f.path),
    settings,
  )
  append(root, [
    h(
      'h1',
      {},
      String(info.sys['sys/name'] ?? id),
      ' ',
      stateBadge({ ...info.sys, 'sys/state': info.stale ? 'stale' : info.sys['sys/state'] }),
      h('span', { class: 'sub' }, ' ' + id),
    ),
    parent
      ? h(
          'p',
          { class: 'lineage' },
          'forked from ',
          h('a', { href: routeHash(['p', project, 'run', parent]) }, parent),
          info.lineage?.step !== null ? ` at step ${info.lineage?.step}` : '',
        )
      : null,
    h(
      'details',
      { class: 'block sys' },
      h('summary', {}, 'sys'),
      h('table', { class: 'grid compact' }, h('tbody', {}, ...sysRows)),
    ),
    section(`Charts (${of('FloatSeries').length})`, chartControls(settings), charts.el),
    of('StringSeries').length
      ? section('Text series', ...of('StringSeries').map((f) => stringSeries(project, id, f.path)))
      : null,
    of('HistogramSeries').length
      ? section('Histograms', ...of('HistogramSeries').map((f) => histogramSeries(project, id, f.path)))
      : null,
    of('FileSeries').length
      ? section('Images and file series', ...of('FileSeries').map((f) => fileGallery(project, id, f.path)))
      : null,
    of('File').length + of('FileSet').length
      ? section('Files', ...[...of('File'), ...of('FileSet')].map((f) => fileLinks(project, id, f.path)))
      : null,
    section('Checkpoints', h('div', { class: 'checkpoints' }, 'loading…')),
    section('Events', h('div', { class: 'events' }, 'loading…')),
    section('Fields', fieldTree(fields.filter((f) => !f.path.startsWith('sys/')))),
  ])
  void fillCheckpoints(root.querySelector('.checkpoints') as HTMLElement, project, id)
  void fillEvents(root.querySelector('.events') as HTMLElement, project, id)
  const stop = onLiveChange(project, (change) => {
    const mine = change.runs.find((r) => r.id === id)
    if (mine) void charts.refresh(mine.fields)
  })
  return () => (stop(), charts.stop())
}

async function fillCheckpoints(el: HTMLElement, project: string, id: string): Promise<void> {
  const { items } = await getJson<{
    items: {
      checkpoint: string
      step: number
      name: string
      hash: string | null
      metrics: Record<string, number>
      size: number
    }[]
  }>(projectPath(project, 'runs', id, 'checkpoints'))
  el.replaceChildren(
    items.length
      ? h(
          'table',
          { class: 'grid compact' },
          h(
            'thead',
            {},
            h('tr', {}, ...['checkpoint', 'step', 'file', 'metrics'].map((t) => h('th', {}, t))),
          ),
          h(
            'tbody',
            {},
            ...items.map((c) =>
              h(
                'tr',
                {},
                h('td', {}, c.checkpoint),
                h('td', { class: 'num' }, c.step),
                h(
                  'td',
                  {},
                  c.hash
                    ? h(
                        'a',
                        {
                          href: `/api/${projectPath(project, 'objects', c.hash)}?name=${encodeURIComponent(c.name)}`,
                          download: c.name,
                        },
                        c.name,
                      )
                    : 'released',
                ),
                h(
                  'td',
                  {},
                  Object.entries(c.metrics)
                    .map(([k, v]) => `${k}=${cellText(v)}`)
                    .join(', '),
                ),
              ),
            ),
          ),
        )
      : h('p', { class: 'hint' }, 'No checkpoints.'),
  )
}

async function fillEvents(el: HTMLElement, project: string, id: string): Promise<void> {
  const { items, total } = await getJson<{
    total: number
    items: { time: string; type: string; payload: unknown }[]
  }>(projectPath(project, 'runs', id, 'events'), { limit: 100 })
  el.replaceChildren(
    items.length
      ? h(
          'table',
          { class: 'grid compact' },
          h(
            'tbody',
            {},
            ...items.map((e) =>
              h(
                'tr',
                {},
                h('td', { class: 'time' }, dateText(e.time)),
                h('td', {}, e.type),
                h(
                  'td',
                  { class: 'text' },
                  e.payload === null || e.payload === undefined ? '' : JSON.stringify(e.payload),
                ),
              ),
            ),
          ),
        )
      : h('p', { class: 'hint' }, 'No events.'),
    total > items.length ? h('p', { class: 'hint' }, `${total - items.length} older events not shown`) : '',
  )
}
