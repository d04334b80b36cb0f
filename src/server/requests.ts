/**
 * Readers of the parts of a request the API routes share: the project (checked against the token's
 * scope), a run id, a series request (level of detail or `after`), a sort order and a list of compared
 * runs. Each throws an HttpError (400/403) naming what is wrong, never a silent default.
 *
 * @example
 * const project = await projectOf(c, store)
 * const body = await project.series(runId(c), textParam(c, 'path'), seriesRequest(c))
 */
import type { Context } from 'hono'
import type { ProjectStore, ReadStore, SeriesRequest } from '../store/read-store.js'
import { canRead, type AuthEnv } from './auth.js'
import { HttpError } from './http-error.js'
import { intParam, listParam, numParam } from './params.js'

type C = Context<AuthEnv>

/** The project named by `:p`, if the request's token may read it (403 otherwise). */
export async function projectOf(c: C, store: ReadStore): Promise<ProjectStore> {
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

/** The run id `:id` (1 to 256 characters). */
export function runId(c: C): string {
  const id = c.req.param('id') ?? ''
  if (id.length === 0 || id.length > 256)
    throw new HttpError(400, 'BAD_REQUEST', 'a run id is 1 to 256 characters', 'Use an id such as DEMO-1.')
  return id
}

/** `after` (with `limit`) for live refresh, or `from`/`to`/`buckets` for a level-of-detail read. */
export function seriesRequest(c: C): SeriesRequest {
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

/** `order=asc|desc` (default desc) as "ascending". */
export function ascending(c: C): boolean {
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

/** The compared runs `runs=A,B,…`: 1 to 100 ids. */
export function comparedRuns(c: C): string[] {
  const runs = listParam(c, 'runs') ?? []
  if (runs.length === 0 || runs.length > 100)
    throw new HttpError(
      400,
      'BAD_REQUEST',
      `compare takes 1 to 100 runs, got ${runs.length}`,
      'Pass runs=DEMO-1,DEMO-2.',
    )
  return runs
}
