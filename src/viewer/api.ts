/**
 * The server's JSON API (docs/server.md): typed GETs, errors as ApiError, and decoding of the numbers
 * JSON cannot hold ("NaN", "Infinity", "-Infinity" strings).
 */

/** An error reply of the server: `{ error: { code, message, hint } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint: string,
  ) {
    super(message)
  }
}

/**
 * GETs `/api/<path>` and parses the JSON reply; a 4xx/5xx becomes an ApiError.
 * @example const { items } = await getJson<{ items: Project[] }>('projects')
 */
export async function getJson<T>(
  path: string,
  params: Record<string, string | number | undefined> = {},
  signal?: AbortSignal,
): Promise<T> {
  const search = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v))
  const qs = search.toString()
  const res = await fetch('/api/' + path + (qs ? '?' + qs : ''), {
    signal,
    headers: { accept: 'application/json' },
  })
  const body = (await res.json().catch(() => ({}))) as {
    error?: { code?: string; message?: string; hint?: string }
  }
  if (!res.ok) {
    const e = body.error ?? {}
    throw new ApiError(res.status, e.code ?? 'HTTP_' + res.status, e.message ?? res.statusText, e.hint ?? '')
  }
  return body as T
}

/**
 * The path segment of a project, or of a project's sub-resource.
 * @example projectPath('demo', 'runs', 'DEMO-1') // 'projects/demo/runs/DEMO-1'
 */
export function projectPath(project: string, ...rest: string[]): string {
  return ['projects', project, ...rest].map(encodeURIComponent).join('/')
}

/**
 * A number sent by the server: JSON numbers, or the strings for NaN and the infinities.
 * @example num('-Infinity') // -Infinity
 */
export function num(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'string') return value === 'NaN' ? NaN : Number(value)
  return NaN
}

/**
 * A timestamp sent by the server (ISO string or epoch milliseconds) as epoch milliseconds.
 * @example ms('2024-01-01T00:00:00Z') // 1704067200000
 */
export function ms(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'string') return Date.parse(value)
  return NaN
}

/**
 * The URL of a stored file's bytes.
 * @example objectUrl('demo', 'ab12…', 'sample.png')
 */
export function objectUrl(project: string, hash: string, name?: string): string {
  return '/api/' + projectPath(project, 'objects', hash) + (name ? '?name=' + encodeURIComponent(name) : '')
}
