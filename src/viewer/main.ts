/**
 * The viewer's entry: routes the URL hash to a view (projects, runs table, run page, compare), keeps
 * breadcrumbs, and re-renders on every hash change so back/forward and bookmarks work.
 */
import 'uplot/dist/uPlot.min.css'
import './style.css'
import { ApiError } from './api.js'
import { clear, h } from './dom.js'
import { parseRoute, routeHash } from './route.js'
import { runPage } from './run/run-page.js'
import { runsView } from './table/runs-view.js'
import { compareView } from './views/compare.js'
import { projectsView } from './views/projects.js'

const app = document.getElementById('app') as HTMLElement
const crumbs = document.getElementById('crumbs') as HTMLElement
let stop: (() => void) | void = undefined
let generation = 0

async function render(): Promise<void> {
  const mine = ++generation
  if (stop) stop()
  stop = undefined
  clear(app)
  const route = parseRoute(location.hash)
  const [kind, project, sub, id] = route.parts
  crumbs.replaceChildren(
    ...(project ? [h('a', { href: routeHash(['p', project]) }, project)] : []),
    ...(sub === 'run' && id
      ? [h('span', {}, ' / '), h('span', {}, id)]
      : sub === 'compare'
        ? [h('span', {}, ' / compare')]
        : []),
  )
  document.title = ['Nereid', project, id].filter(Boolean).join(' · ')
  app.dataset.view = 'loading'
  try {
    let cleanup: (() => void) | void = undefined
    if (kind !== 'p' || !project) await projectsView(app)
    else if (sub === 'run' && id) cleanup = await runPage(app, project, id, route)
    else if (sub === 'compare') cleanup = await compareView(app, project, route)
    else cleanup = await runsView(app, project, route)
    if (mine !== generation) return void (cleanup && cleanup())
    stop = cleanup
    app.dataset.view = kind === 'p' ? (sub ?? 'runs') : 'projects'
  } catch (e) {
    if (mine !== generation) return
    const err = e instanceof ApiError ? e : null
    app.append(
      h(
        'div',
        { class: 'query-error', role: 'alert' },
        h('strong', {}, err ? `${err.code}: ` : 'Error: '),
        String((e as Error).message),
        err?.hint ? h('div', { class: 'hint' }, err.hint) : '',
      ),
    )
    app.dataset.view = 'error'
  }
}

window.addEventListener('hashchange', () => void render())
void render()
