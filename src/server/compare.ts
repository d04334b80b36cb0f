/**
 * The compare routes: one request answers for up to 100 runs at once, so the viewer's compare page
 * makes one call per chart and one for the parameters table instead of one per run.
 *
 * - `GET /projects/:p/compare?runs=A,B&path=metrics/acc` — the same series of each run (a run without
 *   it carries its error body instead, so one missing run does not fail the chart);
 * - `GET /projects/:p/compare/fields?runs=A,B&prefix=parameters/&limit=1000` — each run's fields
 *   (path, type, value) under a prefix, at most `limit` per run, with each run's total.
 *
 * An unknown run id fails either request with 404 RUN_NOT_FOUND.
 *
 * @example
 * api.route('/', compareRoutes(store))
 */
import { Hono } from 'hono'
import { NereidError } from '../index.js'
import type { ProjectStore, ReadStore } from '../store/read-store.js'
import type { AuthEnv } from './auth.js'
import { errorBody, type ErrorBody } from './http-error.js'
import { intParam, optionalText, textParam } from './params.js'
import { comparedRuns, projectOf, seriesRequest } from './requests.js'

/** Runs `read` for each run, turning a run's 4xx NereidError into its error body. */
async function perRun<T extends object>(
  project: ProjectStore,
  runs: string[],
  read: (run: string) => Promise<T>,
): Promise<({ run: string; name: string } & (T | ErrorBody))[]> {
  return Promise.all(
    runs.map(async (run) => {
      const name = await project.runName(run) // an unknown run fails the request (404)
      try {
        return { run, name, ...(await read(run)) }
      } catch (error) {
        if (!(error instanceof NereidError) || errorBody(error).status >= 500) throw error
        return { run, name, ...errorBody(error).body }
      }
    }),
  )
}

/** The compare routes, mounted under /api. */
export function compareRoutes(store: ReadStore): Hono<AuthEnv> {
  const routes = new Hono<AuthEnv>()
  routes.get('/projects/:p/compare', async (c) => {
    const project = await projectOf(c, store)
    const runs = comparedRuns(c)
    const path = textParam(c, 'path')
    const request = seriesRequest(c)
    return c.json({ items: await perRun(project, runs, (run) => project.series(run, path, request)) })
  })
  routes.get('/projects/:p/compare/fields', async (c) => {
    const project = await projectOf(c, store)
    const runs = comparedRuns(c)
    const prefix = optionalText(c, 'prefix', 1024) ?? ''
    const limit = intParam(c, 'limit', { min: 1, max: 10_000, fallback: 1000 })
    const items = await perRun(project, runs, async (run) => {
      const page = await project.fields(run, prefix, { offset: 0, limit })
      return { total: page.total, fields: page.items }
    })
    return c.json({ items })
  })
  return routes
}
