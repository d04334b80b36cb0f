/**
 * The JSON API routes under /api/ (docs/server.md lists each with an example). Every handler reads
 * through the ReadStore only and answers JSON-ready data; paging and level of detail bound every reply.
 *
 * @example
 * app.route('/api', apiRoutes(store, live))
 */
import { Hono, type Context } from 'hono'
import { NereidError } from '../index.js'
import type { ProjectStore, ReadStore, SeriesRequest } from '../store/read-store.js'
import { canRead, type AuthEnv } from './auth.js'
import { HttpError, errorBody } from './http-error.js'
import type { Live } from './live.js'
import { objectResponse } from './objects.js'
import { intParam, listParam, numParam, optionalText, pageParams, textParam } from './params.js'

/** Columns of the runs table when none are asked for. */
export const DEFAULT_COLUMNS = ['sys/name', 'sys/state', 'sys/creation_time', 'sys/tags']

type C = Context<AuthEnv>

async function projectOf(c: C, store: ReadStore): Promise<ProjectStore> {
  const name = c.req.param('p') ?? ''
  if (!canRead(c.get('scope'), name))
    throw new HttpError(
      403,
      'FORBIDDEN',
      `this token may not read project '${name.slice(0, 200)}'`,
      'Use a token whose scope lists the project (see --tokens).',
    )
  return store.project(name)
}

function runId(c: C): string {
  const id = c.req.param('id') ?? ''
  if (id.length === 0 || id.length > 256)
    throw new HttpError(400, 'BAD_REQUEST', 'a run id is 1 to 256 characters', 'Use an id such as DEMO-1.')
  return id
}

function seriesRequest(c: C): SeriesRequest {
  const after = numParam(c, 'after')
  if (after !== undefined) {
    if (
      c.req.query('from') !== undefined ||
      c.req.query('to') !== undefined ||
      c.req.query('buckets') !== undefined
    ) {
      throw new HttpError(
        400,
        'BAD_REQUEST',
        "'after' cannot be combined with from, to or buckets",
        'Ask for the points after a step alone, or for a level-of-detail range.',
      )
    }
    return { after, limit: intParam(c, 'limit', { min: 1, max: 100_000, fallback: 100_000 }) }
  }
  const from = numParam(c, 'from')
  const to = numParam(c, 'to')
  if (from !== undefined && to !== undefined && from > to)
    throw new HttpError(400, 'BAD_REQUEST', `from (${from}) is after to (${to})`, 'Pass from <= to.')
  return {
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    buckets: intParam(c, 'buckets', { min: 1, max: 10_000, fallback: 1000 }),
  }
}

function order(c: C): boolean {
  const text = c.req.query('order') ?? 'desc'
  if (text !== 'asc' && text !== 'desc')
    throw new HttpError(
      400,
      'BAD_REQUEST',
      `order must be asc or desc, got ${JSON.stringify(text.slice(0, 40))}`,
      'Pass order=asc or order=desc.',
    )
  return text === 'asc'
}

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
      ascending: order(c),
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
  api.get('/projects/:p/compare', async (c) => {
    const project = await projectOf(c, store)
    const runs = listParam(c, 'runs') ?? []
    if (runs.length === 0 || runs.length > 100)
      throw new HttpError(
        400,
        'BAD_REQUEST',
        `compare takes 1 to 100 runs, got ${runs.length}`,
        'Pass runs=DEMO-1,DEMO-2.',
      )
    const path = textParam(c, 'path')
    const request = seriesRequest(c)
    const items = []
    for (const run of runs) {
      const name = await project.runName(run) // an unknown run fails the request (404)
      try {
        items.push({ run, name, ...(await project.series(run, path, request)) })
      } catch (error) {
        if (!(error instanceof NereidError) || errorBody(error).status >= 500) throw error
        items.push({ run, name, ...errorBody(error).body })
      }
    }
    return c.json({ items })
  })
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
