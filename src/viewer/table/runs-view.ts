/**
 * The runs table (`#/p/<project>?q=&cols=&sort=&order=&sel=`): the landing view of a project. A query
 * box speaking NQL with the parser's error under it, sortable columns, a column picker, selection for
 * compare, CSV download of what is shown, and live refresh (a new run appears without a reload).
 */
import { ApiError, getJson, projectPath } from '../api.js'
import { h } from '../dom.js'
import { onLiveChange } from '../live.js'
import type { Route } from '../route.js'
import { routeHash, setParams } from '../route.js'
import { cell, type Row } from './cells.js'
import { columnPicker, type ColumnInfo } from './column-picker.js'
import { downloadCsv } from './csv.js'
import { VirtualTable } from './virtual-table.js'

const BASE = ['sys/name', 'sys/state', 'sys/tags', 'sys/creation_time']
const HIDDEN = ['sys/ping_time', 'sys/failed']

function defaultColumns(all: ColumnInfo[]): string[] {
  const own = all.filter(
    (c) =>
      !c.path.startsWith('sys/') &&
      !c.type.startsWith('File') &&
      c.type !== 'StringSeries' &&
      c.type !== 'Artifact',
  )
  const rank = (c: ColumnInfo): number =>
    c.path.startsWith('parameters/') ? 0 : c.type === 'FloatSeries' ? 2 : 1
  return [
    ...BASE,
    ...own
      .sort((a, b) => rank(a) - rank(b))
      .slice(0, 6)
      .map((c) => c.path),
  ]
}

/**
 * Renders the runs table of `project` into `root`; returns the function that stops live refresh.
 * @example const stop = await runsView(root, 'demo', parseRoute(location.hash))
 */
export async function runsView(root: HTMLElement, project: string, route: Route): Promise<() => void> {
  const p = route.params
  const all = (await getJson<{ items: ColumnInfo[] }>(projectPath(project, 'columns'))).items
  const shown = p.get('cols') ? (p.get('cols') as string).split(',').filter(Boolean) : defaultColumns(all)
  const sort = p.get('sort') ?? ''
  const order = p.get('order') ?? ''
  const query = p.get('q') ?? ''
  const selected = new Set((p.get('sel') ?? '').split(',').filter(Boolean))
  const types = new Map(all.map((c) => [c.path, c.type]))
  const request = {
    query,
    columns: [...shown, ...HIDDEN.filter((c) => !shown.includes(c))].join(','),
    sort,
    order,
  }

  const error = h('div', { class: 'query-error', role: 'alert' })
  const input = h('input', {
    type: 'search',
    name: 'q',
    value: query,
    placeholder: 'query, e.g. parameters/lr > 0.05 AND sys/tags CONTAINS "mlp"',
    'aria-label': 'query',
    spellcheck: 'false',
  })
  const form = h(
    'form',
    {
      class: 'query',
      onsubmit: (e: Event) => (e.preventDefault(), setParams({ q: input.value.trim() || undefined })),
    },
    input,
    h('button', { type: 'submit' }, 'Run query'),
  )
  const count = h('span', { class: 'count' })
  const compare = h('a', { class: 'button', role: 'button' }, 'Compare')
  const updateCompare = (): void => {
    compare.textContent = `Compare (${selected.size})`
    compare.setAttribute('href', routeHash(['p', project, 'compare'], { runs: [...selected].join(',') }))
    compare.classList.toggle('disabled', selected.size === 0)
    compare.setAttribute('aria-disabled', String(selected.size === 0))
  }
  updateCompare()
  const pickerBox = h('div', { class: 'picker-box' })
  const columnsButton = h(
    'button',
    { 'aria-expanded': 'false', onclick: () => togglePicker() },
    `Columns (${shown.length})`,
  )
  const togglePicker = (): void => {
    if (pickerBox.firstChild)
      return (pickerBox.replaceChildren(), columnsButton.setAttribute('aria-expanded', 'false'))
    columnsButton.setAttribute('aria-expanded', 'true')
    pickerBox.append(columnPicker(all, shown, (cols) => setParams({ cols: cols.join(',') })))
  }
  const csv = h(
    'button',
    { onclick: () => void downloadCsv(project, request, ['sys/id', ...shown]) },
    'Download CSV',
  )

  const template = `36px 110px ${shown.map((c) => (c === 'sys/tags' ? '200px' : c === 'sys/creation_time' ? '170px' : '150px')).join(' ')}`
  const sortButton = (path: string): HTMLElement => {
    const active = sort === path || (!sort && path === 'sys/creation_time')
    const dir = active ? (sort ? order || 'desc' : 'desc') : ''
    return h(
      'button',
      {
        class: 'th',
        role: 'columnheader',
        'aria-sort': dir ? (dir === 'asc' ? 'ascending' : 'descending') : 'none',
        title: path,
        onclick: () => setParams({ sort: path, order: sort === path && order === 'asc' ? 'desc' : 'asc' }),
      },
      path.replace(/^sys\//, ''),
      dir ? (dir === 'asc' ? ' ▲' : ' ▼') : '',
    )
  }
  const header = h(
    'div',
    { class: 'vt-head', role: 'row', style: `grid-template-columns:${template}` },
    h('span', {}),
    sortButton('sys/id'),
    ...shown.map(sortButton),
  )
  const table = new VirtualTable<Row>(header, {
    fetch: (offset, limit) => getJson(projectPath(project, 'runs'), { ...request, offset, limit }),
    renderRow: (row) => {
      const id = String(row['sys/id'])
      const box = h('input', {
        type: 'checkbox',
        'aria-label': `select ${id}`,
        checked: selected.has(id),
        onchange: (e: Event) => {
          if ((e.target as HTMLInputElement).checked) selected.add(id)
          else selected.delete(id)
          setParams({ sel: [...selected].join(',') || undefined }, 'silent')
          updateCompare()
        },
      })
      return h(
        'div',
        { class: 'vt-row', role: 'row', 'data-id': id, style: `grid-template-columns:${template}` },
        h('span', {}, box),
        h('span', { role: 'cell' }, cell(project, 'sys/id', 'String', row)),
        ...shown.map((path) =>
          h('span', { role: 'cell', title: path }, cell(project, path, types.get(path) ?? '', row)),
        ),
      )
    },
  })
  root.append(
    h('h1', {}, project, h('span', { class: 'sub' }, ' runs')),
    form,
    error,
    h('div', { class: 'toolbar' }, count, columnsButton, csv, compare),
    pickerBox,
    table.el,
  )
  try {
    await table.start()
    count.textContent = `${table.rowCount} runs`
  } catch (e) {
    if (!(e instanceof ApiError)) throw e
    error.replaceChildren(
      h('strong', {}, `${e.code}: `),
      e.message,
      e.hint ? h('div', { class: 'hint' }, e.hint) : '',
    )
    input.setAttribute('aria-invalid', 'true')
    count.textContent = 'no runs'
  }
  let timer = 0
  return onLiveChange(project, () => {
    clearTimeout(timer)
    timer = window.setTimeout(
      () =>
        void table
          .refresh()
          .then(() => (count.textContent = `${table.rowCount} runs`))
          .catch(() => undefined),
      300,
    )
  })
}
