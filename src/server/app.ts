/**
 * The read-only server as a Hono app built from a ReadStore (docs/server.md). It sees only the store's
 * interface; the socket is opened elsewhere (listen.ts), and tests call `app.request()` in memory.
 *
 * @example
 * const app = createApp(openLocalStore('.nereid'), { tokens: singleToken('0123456789abcdef') })
 * const res = await app.request('/api/projects', { headers: { Authorization: 'Bearer 0123456789abcdef' } })
 * app.closeStreams()
 */
import { Hono } from 'hono'
import type { ReadStore } from '../store/read-store.js'
import { apiRoutes } from './api.js'
import { requireToken, tokenLink, type AuthEnv } from './auth.js'
import { errorBody, HttpError } from './http-error.js'
import { Live, type LiveOptions } from './live.js'
import { hostGuard, methodGuard, pathGuard, securityHeaders } from './security.js'
import type { Tokens } from './tokens.js'
import { viewerHandler } from './viewer.js'

/** Options of {@link createApp}. */
export interface AppOptions {
  /** Access tokens; none: every request may read every project (loopback only). */
  tokens?: Tokens
  /** The built viewer (default dist/viewer/ next to the compiled server). */
  viewerDir?: string
  /** Live-update settings (default: heartbeat 15 s, 256 streams, watch 30 s after the last stream). */
  live?: Partial<LiveOptions>
  /** Where unexpected errors are reported (default: stderr). */
  log?: (error: unknown) => void
}

/** The app, with the function that ends its live streams (server shutdown) and their count. */
export type ServerApp = Hono<AuthEnv> & { closeStreams(): void; liveStreams(): number }

/** Builds the app over `store`. */
export function createApp(store: ReadStore, options: AppOptions = {}): ServerApp {
  const live = new Live({ heartbeatMs: 15_000, maxStreams: 256, lingerMs: 30_000, ...options.live })
  const log = options.log ?? ((error: unknown) => console.error('nereid serve:', error))
  const app = new Hono<AuthEnv>()
  app.onError((error, c) => {
    const { status, body } = errorBody(error)
    if (status >= 500) log(error)
    // headers set before the error (Allow on a 405) are kept
    return c.json(body, status as 400)
  })
  app.notFound((c) =>
    c.json(
      errorBody(new HttpError(404, 'NOT_FOUND', 'not found', 'See docs/server.md for the endpoints.')).body,
      404,
    ),
  )
  app.use(
    '*',
    securityHeaders,
    methodGuard,
    pathGuard,
    hostGuard(options.tokens === undefined),
    tokenLink(options.tokens),
  )
  app.use('/api/*', requireToken(options.tokens))
  app.route('/api', apiRoutes(store, live))
  app.get('*', viewerHandler(options.viewerDir))
  return Object.assign(app, { closeStreams: () => live.close(), liveStreams: () => live.streams })
}
