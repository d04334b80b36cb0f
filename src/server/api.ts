/**
 * The JSON API routes under /api/ (docs/server.md lists each with an example). Every handler reads
 * through the ReadStore only and answers JSON-ready data; paging and level of detail bound every reply.
 *
 * @example
 * app.route('/api', apiRoutes(store, live))
 */
import { Hono } from 'hono'
import type { ReadStore } from '../store/read-store.js'
import { canRead, type AuthEnv } from './auth.js'
import { compareRoutes } from './compare.js'
import { HttpError } from './http-error.js'
import type { Live } from './live.js'
import { objectResponse } from './objects.js'
import { listParam, numParam, optionalText, pageParams, textParam } from './params.js'
import { ascending, projectOf, runId, seriesRequest } from './requests.js'

/** Columns of the runs table when none are asked for. */
export const DEFAULT_COLUMNS = ['sys/name', 'sys/state', 'sys/creation_time', 'sys/tags']

/** The /api routes. */
export function apiRoutes(store: ReadStore, live: Live): Hono<AuthEnv> {
  const api = new Hono<AuthEnv>()
  api.get('/session', async (c) => {
    const scope = c.get('scope')
    const names = (await store.names()).filter((n) => canRead(scope, n))
    return c.json({ projects: names, auth: c.get('auth') })
  })
  api.get('/projects', async (c) => {
    const page = pageParams(c, 1000, 1000)
    const names = (await store.names()).filter((n) => canRead(c.get('scope'), n))
    const items = await Promise.all(
      names.slice(page.offset, page.offset + page.limit).map(async (n) => (await store.project(n)).summary()),
    )
    return c.json({ total: names.length, ...page, items })
  })
  api.get('/projects/:p', async (c) => {
    const project = await projectOf(c, store)
    return c.json({ name: project.name, stats: await project.stats() })
  })
  api.get('/projects/:p/runs', async (c) => {
    const project = await projectOf(c, store)
    const query = optionalText(c, 'query', 16_384)
    const columns = listParam(c, 'columns') ?? DEFAULT_COLUMNS
    if (columns.length > 200)
      throw new HttpError(
        400,
        'BAD_REQUEST',
        `at most 200 columns, got ${columns.length}`,
        'Ask for fewer columns.',
      )
    const table = await project.runsTable({
      ...(query === undefined ? {} : { query }),
      columns,
      sort: optionalText(c, 'sort', 1024) ?? 'sys/creation_time',
      ascending: ascending(c),
      ...pageParams(c),
    })
    return c.json(table)
  })
  api.get('/projects/:p/columns', async (c) => c.json({ items: await (await projectOf(c, store)).columns() }))
  api.get('/projects/:p/runs/:id', async (c) => c.json(await (await projectOf(c, store)).run(runId(c))))
  api.get('/projects/:p/runs/:id/fields', async (c) => {
    const project = await projectOf(c, store)
    return c.json(await project.fields(runId(c), optionalText(c, 'prefix', 1024) ?? '', pageParams(c)))
  })
  api.get('/projects/:p/runs/:id/series', async (c) => {
    const project = await projectOf(c, store)
    return c.json(await project.series(runId(c), textParam(c, 'path'), seriesRequest(c)))
  })
  api.route('/', compareRoutes(store))
  api.get('/projects/:p/runs/:id/strings', async (c) => {
    const project = await projectOf(c, store)
    const search = optionalText(c, 'search', 1024)
    return c.json(
      await project.strings(runId(c), textParam(c, 'path'), {
        ...pageParams(c),
        ...(search === undefined ? {} : { search }),
      }),
    )
  })
  api.get('/projects/:p/runs/:id/histograms', async (c) => {
    const project = await projectOf(c, store)
    return c.json(await project.histograms(runId(c), textParam(c, 'path'), pageParams(c)))
  })
  api.get('/projects/:p/runs/:id/files', async (c) => {
    const project = await projectOf(c, store)
    const from = numParam(c, 'from')
    const to = numParam(c, 'to')
    return c.json(
      await project.files(runId(c), textParam(c, 'path'), {
        ...pageParams(c),
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
      }),
    )
  })
  api.get('/projects/:p/runs/:id/checkpoints', async (c) =>
    c.json({ items: await (await projectOf(c, store)).checkpoints(runId(c)) }),
  )
  api.get('/projects/:p/runs/:id/events', async (c) =>
    c.json(await (await projectOf(c, store)).events(runId(c), pageParams(c))),
  )
  api.get('/projects/:p/models', async (c) => c.json(await (await projectOf(c, store)).models(pageParams(c))))
  api.get('/projects/:p/models/:id/versions', async (c) =>
    c.json(await (await projectOf(c, store)).versions(runId(c), pageParams(c))),
  )
  api.get('/projects/:p/experiments', async (c) =>
    c.json(await (await projectOf(c, store)).experiments(pageParams(c))),
  )
  api.get('/projects/:p/objects/:hash', async (c) => objectResponse(c, await projectOf(c, store)))
  api.get('/projects/:p/live', async (c) => {
    const project = await projectOf(c, store)
    // a HEAD body is dropped unread, so a stream opened for it would never end
    if (c.req.method === 'HEAD')
      return c.body(null, 200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' })
    return live.stream(c, project)
  })
  api.all('*', () => {
    throw new HttpError(404, 'NOT_FOUND', 'no such API endpoint', 'See docs/server.md for the endpoints.')
  })
  return api
}
