/**
 * Middleware every response goes through: only GET and HEAD (405 with Allow otherwise), no traversal,
 * encoded slashes or NUL bytes in the path (400), and strict headers: CSP without inline script,
 * nosniff, no referrer, no framing, and never a CORS header.
 *
 * @example
 * app.use('*', methodGuard, pathGuard, securityHeaders)
 */
import type { MiddlewareHandler } from 'hono'
import { HttpError } from './http-error.js'

/** The Content-Security-Policy of every response (objects get a stricter one, see objects.ts). */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

/** 405 for any method but GET and HEAD. */
export const methodGuard: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    c.header('Allow', 'GET, HEAD')
    throw new HttpError(
      405,
      'METHOD_NOT_ALLOWED',
      `${c.req.method.slice(0, 20)} is not allowed: the server is read-only`,
      'Use GET (or HEAD).',
    )
  }
  await next()
}

const ENCODED_BAD = /%(2f|5c|00)/i

/** 400 for `..` segments, encoded slashes or backslashes, NUL bytes and undecodable escapes in the path. */
export const pathGuard: MiddlewareHandler = async (c, next) => {
  const url = c.req.url
  const start = url.indexOf('/', url.indexOf('//') + 2)
  const end = url.search(/[?#]/)
  const raw = start < 0 ? '/' : url.slice(start, end < 0 ? undefined : end)
  let decoded = ''
  try {
    decoded = decodeURIComponent(raw)
  } catch {
    decoded = '\u0000'
  }
  if (
    ENCODED_BAD.test(raw) ||
    decoded.includes('\u0000') ||
    decoded.includes('\\') ||
    decoded.split('/').some((s) => s === '..' || s === '.')
  ) {
    throw new HttpError(
      400,
      'BAD_REQUEST',
      'the path holds a parent-directory segment, an encoded slash or a NUL byte',
      'Request a plain path such as /api/projects.',
    )
  }
  await next()
}

/** Adds the security headers to every response. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next()
  const headers = c.res.headers
  if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', CSP)
  headers.set('X-Content-Type-Options', 'nosniff')
  headers.set('Referrer-Policy', 'no-referrer')
  headers.set('X-Frame-Options', 'DENY')
  headers.set('Cross-Origin-Resource-Policy', 'same-origin')
  for (const name of [...headers.keys()]) if (name.startsWith('access-control-')) headers.delete(name)
}

/**
 * Without tokens, only loopback names in the URL's host (the Host header): a page of another site whose
 * name an attacker re-points at 127.0.0.1 (DNS rebinding) gets 403 instead of the projects.
 */
export function hostGuard(open: boolean): MiddlewareHandler {
  return async (c, next) => {
    if (open) {
      const host = new URL(c.req.url).hostname.replace(/^\[|\]$/g, '').toLowerCase()
      if (host !== 'localhost' && host !== '::1' && !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) {
        throw new HttpError(
          403,
          'FORBIDDEN',
          `host '${host.slice(0, 100)}' is not a loopback name`,
          'Open the server as http://127.0.0.1:<port>/ or http://localhost:<port>/; serving other names needs --token.',
        )
      }
    }
    await next()
  }
}
