/**
 * Routes: every view is a URL hash, `#/<view path>?<settings>`, so views can be bookmarked and
 * back/forward work. Settings are plain URLSearchParams.
 */

/** A parsed location: the path segments (decoded) and the settings. */
export interface Route {
  parts: string[]
  params: URLSearchParams
}

/**
 * Parses a hash such as `#/p/demo/runs?q=x`.
 * @example parseRoute('#/p/demo/run/DEMO-1?x=step').parts // ['p', 'demo', 'run', 'DEMO-1']
 */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '')
  const cut = raw.indexOf('?')
  const path = cut < 0 ? raw : raw.slice(0, cut)
  const query = cut < 0 ? '' : raw.slice(cut + 1)
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent)
  return { parts, params: new URLSearchParams(query) }
}

/**
 * Formats a route as a hash; empty settings are left out.
 * @example routeHash(['p', 'demo', 'runs'], { q: 'a > 1' }) // '#/p/demo/runs?q=a+%3E+1'
 */
export function routeHash(
  parts: string[],
  params: Record<string, string | undefined> | URLSearchParams = {},
): string {
  const search = params instanceof URLSearchParams ? new URLSearchParams(params) : new URLSearchParams()
  if (!(params instanceof URLSearchParams))
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, v)
  for (const [k, v] of [...search.entries()]) if (v === '') search.delete(k)
  const qs = search.toString()
  return '#/' + parts.map(encodeURIComponent).join('/') + (qs ? '?' + qs : '')
}

/**
 * Changes settings of the current route: 'push' makes a history entry (back undoes it) and re-renders;
 * 'replace' re-renders without an entry; 'silent' only rewrites the URL (the view updated itself).
 * @example setParams({ sort: 'parameters/lr', order: 'asc' })
 */
export function setParams(
  changes: Record<string, string | undefined>,
  mode: 'push' | 'replace' | 'silent' = 'push',
): void {
  const route = parseRoute(location.hash)
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === '') route.params.delete(k)
    else route.params.set(k, v)
  }
  const hash = routeHash(route.parts, route.params)
  if (hash === location.hash) return
  if (mode === 'push') location.hash = hash
  else {
    history.replaceState(null, '', hash)
    if (mode === 'replace') window.dispatchEvent(new HashChangeEvent('hashchange'))
  }
}
