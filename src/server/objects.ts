/**
 * GET|HEAD /api/projects/:p/objects/:hash: a stored file's bytes by its sha256, only when a field of the
 * project references it. ETag = the hash, immutable caching, If-None-Match, single byte ranges, and a
 * sandboxing CSP so an uploaded HTML or SVG file runs nothing in the server's origin.
 *
 * @example
 * api.get('/projects/:p/objects/:hash', (c) => objectResponse(c, projectStore))
 */
import type { Context } from 'hono'
import type { ObjectHandle, ProjectStore } from '../store/read-store.js'
import { errorBody, HttpError } from './http-error.js'

const HASH = /^[0-9a-f]{64}$/

function notFound(): HttpError {
  return new HttpError(
    404,
    'NOT_FOUND',
    'no such object in this project',
    'Objects are served by the sha256 a file field records; list them with /files.',
  )
}

/** The byte range of a `Range` header: undefined for none (or one we ignore), 'bad' when unsatisfiable. */
export function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'bad' | undefined {
  if (header === undefined) return undefined
  const match = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim())
  if (!match || (match[1] === '' && match[2] === '')) return undefined // malformed or several ranges: send it all
  if (match[1] === '') {
    const suffix = Number(match[2])
    if (suffix === 0 || size === 0) return 'bad'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(match[1])
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1)
  if (start >= size || end < start) return 'bad'
  return { start, end }
}

function contentType(mime: string): string {
  const safe = /^[\w.+-]+\/[\w.+-]+$/.test(mime) ? mime : 'application/octet-stream'
  return safe.startsWith('text/') || safe === 'application/json' ? `${safe}; charset=utf-8` : safe
}

function headers(object: ObjectHandle): Record<string, string> {
  const out: Record<string, string> = {
    'Content-Type': contentType(object.mime),
    ETag: `"${object.hash}"`,
    'Cache-Control': 'public, max-age=31536000, immutable',
    'Accept-Ranges': 'bytes',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  }
  if (object.name !== '')
    out['Content-Disposition'] = `inline; filename*=UTF-8''${encodeURIComponent(object.name)}`
  return out
}

/** The reply for object `:hash` of `store`. */
export async function objectResponse(c: Context, store: ProjectStore): Promise<Response> {
  const hash = c.req.param('hash') ?? ''
  if (!HASH.test(hash)) throw notFound()
  const name = c.req.query('name')
  const object = await store.object(hash, name !== undefined && name.length <= 1024 ? name : undefined)
  if (!object) throw notFound()
  const base = headers(object)
  const etags = c.req.header('if-none-match')
  if (etags !== undefined && etags.split(',').some((t) => t.trim().replace(/^W\//, '') === base.ETag))
    return new Response(null, { status: 304, headers: base })
  const range = parseRange(c.req.header('range'), object.size)
  if (range === 'bad') {
    const { status, body } = errorBody(
      new HttpError(
        416,
        'RANGE_NOT_SATISFIABLE',
        `the object has ${object.size} bytes`,
        'Ask for a range inside the object, or leave Range out.',
      ),
    )
    return c.json(body, status as 416, { 'Content-Range': `bytes */${object.size}` })
  }
  const head = c.req.method === 'HEAD'
  if (range) {
    const length = range.end - range.start + 1
    return new Response(head ? null : object.open(range), {
      status: 206,
      headers: {
        ...base,
        'Content-Length': String(length),
        'Content-Range': `bytes ${range.start}-${range.end}/${object.size}`,
      },
    })
  }
  return new Response(head ? null : object.open(), {
    status: 200,
    headers: { ...base, 'Content-Length': String(object.size) },
  })
}
