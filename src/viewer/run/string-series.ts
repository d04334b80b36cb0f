/**
 * A string series (logs, stdout) of a run: 50 entries a page, newest page reachable, and a search box
 * that asks the server for matching entries.
 */
import { getJson, projectPath } from '../api.js'
import { h } from '../dom.js'
import { dateText } from '../format.js'

const PAGE = 50

interface StringsReply {
  total: number
  offset: number
  items: { step: unknown; timestamp: unknown; value: string }[]
}

/**
 * The panel of one string series.
 * @example section.append(stringSeries('demo', 'DEMO-1', 'logs/epochs'))
 */
export function stringSeries(project: string, run: string, path: string): HTMLElement {
  let offset = 0
  let search = ''
  const body = h('tbody', {})
  const status = h('span', { class: 'hint' })
  const load = async (): Promise<void> => {
    const reply = await getJson<StringsReply>(projectPath(project, 'runs', run, 'strings'), {
      path,
      offset,
      limit: PAGE,
      search,
    })
    body.replaceChildren(
      ...reply.items.map((e) =>
        h(
          'tr',
          {},
          h('td', { class: 'num' }, String(e.step)),
          h(
            'td',
            { class: 'time' },
            dateText(
              typeof e.timestamp === 'number' ? new Date(e.timestamp).toISOString() : String(e.timestamp),
            ),
          ),
          h('td', { class: 'text' }, e.value),
        ),
      ),
    )
    const end = Math.min(reply.total, offset + reply.items.length)
    status.textContent = reply.total ? `${offset + 1}–${end} of ${reply.total}` : 'no entries'
    prev.disabled = offset === 0
    next.disabled = end >= reply.total
  }
  const prev = h(
    'button',
    { onclick: () => ((offset = Math.max(0, offset - PAGE)), void load()) },
    '‹ previous',
  )
  const next = h('button', { onclick: () => ((offset += PAGE), void load()) }, 'next ›')
  const input = h('input', {
    type: 'search',
    placeholder: 'search',
    'aria-label': `search ${path}`,
    onchange: (e: Event) => ((search = (e.target as HTMLInputElement).value), (offset = 0), void load()),
  })
  void load()
  return h(
    'section',
    { class: 'strings card', 'data-path': path },
    h('h3', {}, path),
    h('div', { class: 'toolbar' }, input, prev, next, status),
    h(
      'table',
      { class: 'grid compact' },
      h('thead', {}, h('tr', {}, h('th', {}, 'step'), h('th', {}, 'time'), h('th', {}, 'value'))),
      body,
    ),
  )
}
