/**
 * The projects view (`#/`): each project's name, runs, running/stale/failed counts, last activity and
 * size; a project's name opens its runs table.
 */
import { getJson } from '../api.js'
import { h } from '../dom.js'
import { bytesText, dateText } from '../format.js'
import { routeHash } from '../route.js'
import type { ProjectListItem as ProjectRow } from '../../store/read-store.js'

/**
 * Renders the projects list into `root`.
 * @example await projectsView(document.getElementById('app')!)
 */
export async function projectsView(root: HTMLElement): Promise<void> {
  const { items } = await getJson<{ items: ProjectRow[] }>('projects')
  const rows = items.map((p) =>
    h(
      'tr',
      {},
      h('td', {}, h('a', { href: routeHash(['p', p.name]) }, p.name)),
      h('td', { class: 'num' }, p.runs),
      h('td', { class: 'num' }, p.running ? h('span', { class: 'badge running' }, p.running) : '0'),
      h('td', { class: 'num' }, p.stale ? h('span', { class: 'badge stale' }, p.stale) : '0'),
      h('td', { class: 'num' }, p.failed ? h('span', { class: 'badge failed' }, p.failed) : '0'),
      h('td', {}, p.lastActivity ? dateText(p.lastActivity) : '—'),
      h('td', { class: 'num' }, bytesText(p.bytes)),
    ),
  )
  root.append(
    h('h1', {}, 'Projects'),
    items.length
      ? h(
          'table',
          { class: 'grid projects' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['project', 'runs', 'running', 'stale', 'failed', 'last activity', 'size'].map((t) =>
                h('th', {}, t),
              ),
            ),
          ),
          h('tbody', {}, ...rows),
        )
      : h('p', { class: 'empty' }, 'No projects yet. Log a run with openProject(dir).startRun() and reload.'),
  )
}
