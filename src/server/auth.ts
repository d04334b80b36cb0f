/**
 * Token checks (docs/server.md, "Security model"): a `?token=` link sets the `nereid_token` cookie and
 * redirects to the same URL without it; every /api/ request then needs that cookie or
 * `Authorization: Bearer <token>`. Tokens are compared in constant time. Without tokens, all is open
 * (loopback only: the serve command refuses a non-loopback bind without one).
 *
 * @example
 * app.use('*', tokenLink(tokens))
 * app.use('/api/*', requireToken(tokens))
 * canRead(c.get('scope'), 'demo')   // true when the token may read project 'demo'
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { HttpError } from './http-error.js'
import type { Scope, Tokens } from './tokens.js'

/** The cookie the `?token=` link sets. */
export const COOKIE = 'nereid_token'

/** Hono variables set by the auth middleware. */
export interface AuthEnv {
  Variables: { scope: Scope; auth: 'none' | 'token' }
}

const digest = (text: string) => createHash('sha256').update(text).digest()

/** The scope of `given`, comparing against every token in constant time. */
function scopeOf(tokens: Tokens, given: string | undefined): Scope | undefined {
  if (given === undefined) return undefined
  const wanted = digest(given)
  let found: Scope | undefined
  for (const [token, scope] of tokens) if (timingSafeEqual(digest(token), wanted)) found = scope
  return found
}

/** True when `scope` may read project `name`. */
export function canRead(scope: Scope, name: string): boolean {
  return scope === '*' || scope.has(name)
}

/** `?token=T`: sets the cookie for a valid token and redirects without the parameter (401 for a wrong one). */
export function tokenLink(tokens: Tokens | undefined): MiddlewareHandler {
  return async (c, next) => {
    const given = c.req.query('token')
    if (tokens === undefined || given === undefined) return next()
    if (scopeOf(tokens, given) === undefined)
      throw new HttpError(
        401,
        'UNAUTHORIZED',
        'the token in the link is not valid',
        'Ask for a new link, or pass the token with --token when starting the server.',
      )
    setCookie(c, COOKIE, given, { httpOnly: true, sameSite: 'Strict', path: '/' })
    const url = new URL(c.req.url)
    url.searchParams.delete('token')
    return c.redirect(`${url.pathname}${url.search}`, 302)
  }
}

function bearer(c: Context): string | undefined {
  const header = c.req.header('authorization')
  const match = header === undefined ? null : /^Bearer ([^\s]+)$/i.exec(header)
  return match?.[1]
}

/** Sets `scope` for the request; 401 when tokens are configured and none valid is given. */
export function requireToken(tokens: Tokens | undefined): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    if (tokens === undefined) {
      c.set('scope', '*')
      c.set('auth', 'none')
      return next()
    }
    const scope = scopeOf(tokens, bearer(c)) ?? scopeOf(tokens, getCookie(c, COOKIE))
    if (scope === undefined)
      throw new HttpError(
        401,
        'UNAUTHORIZED',
        'this server needs an access token',
        'Open the link with ?token=… that `nereid serve` printed, or send Authorization: Bearer <token>.',
      )
    c.set('scope', scope)
    c.set('auth', 'token')
    return next()
  }
}
