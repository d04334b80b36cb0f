/**
 * The built viewer (dist/viewer/: index.html and assets/) at every non-/api/ path: a file of that
 * directory when the path names one, else index.html so client routes work. Only files inside the
 * directory (after resolving symlinks) are ever opened. Without a build, a small plain page says so.
 *
 * @example
 * app.get('*', viewerHandler(new URL('../../viewer/', import.meta.url)))
 */
import { readFileSync, realpathSync, statSync } from 'node:fs'
import { extname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Context, Handler } from 'hono'
import { HttpError } from './http-error.js'

/** Where the compiled server finds the viewer: dist/viewer/ next to dist/src/. */
export const DEFAULT_VIEWER_DIR = fileURLToPath(new URL('../../viewer/', import.meta.url))

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Nereid</title></head>
<body><h1>Nereid</h1><p>The viewer is not built. Run <code>npm run build</code>, then reload.</p>
<p>The JSON API is at <a href="/api/projects">/api/projects</a>.</p></body></html>
`

/** The real path of `rel` inside `root`, if it is a file there. */
function fileIn(root: string, rel: string): string | undefined {
  try {
    const real = realpathSync(join(root, rel))
    return real.startsWith(root + sep) && statSync(real).isFile() ? real : undefined
  } catch {
    return undefined
  }
}

function send(c: Context, file: string, immutable: boolean): Response {
  const body = c.req.method === 'HEAD' ? null : new Uint8Array(readFileSync(file))
  return new Response(body, {
    headers: {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
  })
}

/** The handler serving the viewer from `dir`. */
export function viewerHandler(dir: string = DEFAULT_VIEWER_DIR): Handler {
  let root: string | undefined
  try {
    root = realpathSync(dir)
  } catch {
    root = undefined
  }
  return (c) => {
    const index = root === undefined ? undefined : fileIn(root, 'index.html')
    if (root === undefined || index === undefined)
      return c.html(NOT_BUILT, 200, { 'Cache-Control': 'no-cache' })
    const path = decodeURIComponent(new URL(c.req.url).pathname)
    const rel = path.replace(/^\/+/, '')
    const file = rel === '' ? index : fileIn(root, rel)
    if (file) return send(c, file, rel.startsWith('assets/'))
    if (rel.startsWith('assets/'))
      throw new HttpError(
        404,
        'NOT_FOUND',
        `no viewer asset ${path.slice(0, 200)}`,
        'Rebuild the viewer with npm run build.',
      )
    return send(c, index, false)
  }
}
